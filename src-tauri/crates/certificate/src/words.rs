//! The certificate's words in each language.

use crate::Language;

pub(crate) struct Words {
    pub title: &'static str,
    pub lead: &'static str,
    pub certificate_id: &'static str,
    pub server: &'static str,
    pub model: &'static str,
    pub serial: &'static str,
    pub asset_tag: &'static str,
    pub bmc: &'static str,
    pub started_by: &'static str,
    pub reason: &'static str,
    pub started: &'static str,
    pub ended: &'static str,
    pub result: &'static str,
    pub verified: &'static str,
    pub drives: &'static str,
    pub drive: &'static str,
    pub capacity: &'static str,
    pub method: &'static str,
    pub firmware: &'static str,
    pub no_baseline: &'static str,
    pub no_drift: &'static str,
    pub drift: &'static str,
    pub steps: &'static str,
    pub sel: &'static str,
    pub entries: &'static str,
    pub issued: &'static str,
    pub page: &'static str,
}

pub(crate) fn words(language: Language) -> &'static Words {
    match language {
        Language::En => &EN,
        Language::Ja => &JA,
    }
}

static EN: Words = Words {
    title: "Certificate of Data Erasure",
    lead: "The drives below were sanitized through their BMC, each erase followed to its end, and the server was verified clean before it returned to stock.",
    certificate_id: "Certificate",
    server: "Server",
    model: "Model",
    serial: "Serial number",
    asset_tag: "Asset tag",
    bmc: "BMC",
    started_by: "Deletion started by",
    reason: "Reason",
    started: "Started",
    ended: "Ended",
    result: "Result",
    verified: "Verified clean",
    drives: "Drives erased",
    drive: "Drive",
    capacity: "Capacity",
    method: "Method",
    firmware: "Firmware check",
    no_baseline: "No firmware baseline names this model; versions recorded as found.",
    no_drift: "All components match the baseline.",
    drift: "Drift from the baseline",
    steps: "Pipeline",
    sel: "Event log archived before clearing",
    entries: "entries",
    issued: "Issued",
    page: "Page",
};

static JA: Words = Words {
    title: "データ消去証明書",
    lead: "以下のドライブは BMC を通じてサニタイズされ、各消去タスクの完了を確認し、サーバーがクリーンであることを検証したうえで在庫に戻されました。",
    certificate_id: "証明書番号",
    server: "サーバー",
    model: "モデル",
    serial: "シリアル番号",
    asset_tag: "資産タグ",
    bmc: "BMC",
    started_by: "削除開始者",
    reason: "理由",
    started: "開始",
    ended: "終了",
    result: "結果",
    verified: "クリーンを検証済み",
    drives: "消去したドライブ",
    drive: "ドライブ",
    capacity: "容量",
    method: "方式",
    firmware: "ファームウェア確認",
    no_baseline: "このモデルのファームウェア基準がありません。検出したバージョンを記録しました。",
    no_drift: "すべてのコンポーネントが基準と一致しています。",
    drift: "基準との差異",
    steps: "パイプライン",
    sel: "消去前に保存したイベントログ",
    entries: "件",
    issued: "発行日時",
    page: "ページ",
};

/// A pipeline step's name as shown; unknown names are shown as they are.
pub(crate) fn step_name(step: &str, language: Language) -> String {
    // A clean step Ironic ran, by its own name ("ironic:deploy.erase_devices").
    if let Some(name) = step.strip_prefix("ironic:") {
        return match language {
            Language::En => format!("Ironic clean step {name}"),
            Language::Ja => format!("Ironic クリーンステップ {name}"),
        };
    }
    let (en, ja) = match step {
        "ironic_cleaning" => (
            "Ironic undeploy and automated cleaning",
            "Ironic のアンデプロイと自動クリーニング",
        ),
        "ironic_clean_steps" => (
            "Clean steps from Ironic's node history",
            "Ironic のノード履歴にあるクリーンステップ",
        ),
        "power_off" => ("Power off", "電源オフ"),
        "eject_media" => ("Eject virtual media", "仮想メディアの取り出し"),
        "bmc_accounts" => ("Remove customer BMC accounts", "顧客 BMC アカウントの削除"),
        "bmc_settings" => ("Restore BMC settings", "BMC 設定の復元"),
        "raid_volumes" => ("Delete RAID volumes", "RAID ボリュームの削除"),
        "erase_drives" => ("Erase drives", "ドライブの消去"),
        "bios_reset" => ("Reset BIOS to defaults", "BIOS の初期化"),
        "firmware_check" => ("Check firmware", "ファームウェアの確認"),
        "sel_archive" => (
            "Archive and clear the event log",
            "イベントログの保存と消去",
        ),
        "verify" => ("Verify", "検証"),
        other => return other.to_owned(),
    };
    match language {
        Language::En => en.to_owned(),
        Language::Ja => ja.to_owned(),
    }
}

/// A SanitizationType as shown.
pub(crate) fn method_name(method: &str, language: Language) -> String {
    let (en, ja) = match method {
        "CryptographicErase" => ("Cryptographic erase", "暗号消去"),
        "BlockErase" => ("Block erase", "ブロック消去"),
        "Overwrite" => ("Overwrite", "上書き消去"),
        "ServiceDefault" => ("The BMC's default sanitization", "BMC 既定のサニタイズ"),
        other => return other.to_owned(),
    };
    match language {
        Language::En => en.to_owned(),
        Language::Ja => ja.to_owned(),
    }
}
