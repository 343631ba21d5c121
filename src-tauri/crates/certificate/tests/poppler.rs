//! The PDFs read by a real PDF reader (poppler's pdftotext, as installed by
//! .ci/run): its text, Japanese included, must come back as written.

use std::process::Command;

use racksmith_certificate::{
    to_pdf, CertifiedServer, ErasedDrive, ErasureCertificate, FirmwareCheck, Language,
};

fn certificate() -> ErasureCertificate {
    ErasureCertificate {
        certificate_id: "5f0c7a8e-1111-4c2b-9a57-0d6c1c3e2f10".into(),
        deletion_id: "d-1".into(),
        issued_at: "2026-11-25T03:00:00Z".into(),
        issuer: "Racksmith 0.1.0".into(),
        server: CertifiedServer {
            id: "s-1".into(),
            name: "lab-007".into(),
            manufacturer: Some("Racksmith Lab".into()),
            model: Some("RS-220 Storage".into()),
            serial: Some("RSL0007".into()),
            asset_tag: None,
            bmc_address: Some("https://127.0.0.1:8443".into()),
        },
        started_by: "alice".into(),
        role: "customer".into(),
        reason: Some("契約終了".into()),
        started_at: "2026-11-25T02:00:00Z".into(),
        ended_at: "2026-11-25T02:59:00Z".into(),
        result: "verified".into(),
        drives: vec![ErasedDrive {
            id: "Disk.Bay.3".into(),
            model: Some("RS NVMe 3.84T".into()),
            serial: Some("NV0003X".into()),
            capacity_bytes: Some(3_840_000_000_000),
            method: "CryptographicErase".into(),
            started_at: "2026-11-25T02:10:00Z".into(),
            ended_at: "2026-11-25T02:11:00Z".into(),
            result: "completed".into(),
            task: None,
        }],
        firmware: FirmwareCheck {
            baseline_found: false,
            components: Vec::new(),
        },
        steps: Vec::new(),
        sel_archive: None,
    }
}

fn text_of(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("c.pdf");
    std::fs::write(&file, pdf).expect("write");
    let out = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&file)
        .arg("-")
        .output()
        .expect("pdftotext runs (poppler-utils: .ci/run installs it)");
    assert!(
        out.status.success(),
        "pdftotext: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

#[test]
fn poppler_reads_back_the_english_certificate() {
    let text = text_of(&to_pdf(&certificate(), Language::En));
    for wanted in [
        "Certificate of Data Erasure",
        "lab-007",
        "RSL0007",
        "Disk.Bay.3",
        "NV0003X",
        "3.8 TB",
        "Cryptographic erase",
        "Verified clean",
        "契約終了",
    ] {
        assert!(text.contains(wanted), "{wanted:?} missing from:\n{text}");
    }
}

#[test]
fn poppler_reads_back_the_japanese_certificate() {
    let text = text_of(&to_pdf(&certificate(), Language::Ja));
    for wanted in [
        "データ消去証明書",
        "シリアル番号",
        "暗号消去",
        "クリーンを検証済み",
        "lab-007",
        "NV0003X",
    ] {
        assert!(text.contains(wanted), "{wanted:?} missing from:\n{text}");
    }
}
