import { useId, useState, type Ref } from "react";

import { ErrorPanel } from "../../components/ErrorPanel";
import { call } from "../../app/queries";
import { commands, toAppFailure, type AppFailure, type Combo, type Layout } from "../../ipc";
import { useI18n } from "../../i18n";
import { comboLabel, combos } from "./consoleCombos";
import { layouts } from "./consoleLayout";
import { PasteDialog } from "./PasteDialog";
import type { ConsoleSession } from "./useConsoleSession";

interface Props {
  session: ConsoleSession;
  connected: boolean;
  layout: Layout;
  onLayout: (layout: Layout) => void;
  fullscreen: { active: boolean; unavailable: boolean; toggle: () => void };
  /** Where focus lands when it leaves the screen by the keyboard. */
  firstRef: Ref<HTMLButtonElement>;
  panels: { power: Toggle; media: Toggle | null };
}

interface Toggle {
  open: boolean;
  id: string;
  onToggle: () => void;
}

/** A panel the bar opens and closes, and the id its button controls. */
export function usePanelToggle(): Toggle {
  const id = useId();
  const [open, setOpen] = useState(false);
  return {
    open,
    id,
    onToggle: () => {
      setOpen((o) => !o);
    },
  };
}

const layoutLabels = { us: "console.layout.us", jis: "console.layout.jis" } as const;

/** What a console window offers beside the screen itself. */
export function ConsoleTools({ session, connected, layout, onLayout, fullscreen, firstRef, panels }: Props) {
  const { t } = useI18n();
  const layoutId = useId();
  const [pasting, setPasting] = useState(false);
  return (
    <div className="console-tools">
      <button type="button" className="secondary" ref={firstRef} onClick={fullscreen.toggle}>
        {t(fullscreen.active ? "console.leaveFullscreen" : "console.fullscreen")}
      </button>
      <span className="console-tool">
        <label htmlFor={layoutId}>{t("console.layout")}</label>
        <select
          id={layoutId}
          value={layout}
          onChange={(e) => {
            const chosen = layouts.find((l) => l === e.target.value);
            if (chosen !== undefined) onLayout(chosen);
          }}
        >
          {layouts.map((l) => (
            <option key={l} value={l}>
              {t(layoutLabels[l])}
            </option>
          ))}
        </select>
      </span>
      <SendKeys session={session} connected={connected} />
      <button
        type="button"
        className="secondary"
        disabled={!connected}
        onClick={() => {
          setPasting(true);
        }}
      >
        {t("console.paste")}
      </button>
      <Screenshot session={session} connected={connected} />
      <PanelToggle label={t("console.powerMenu")} toggle={panels.power} />
      {panels.media && <PanelToggle label={t("console.mediaMenu")} toggle={panels.media} />}
      {fullscreen.unavailable && <p className="hint">{t("console.fullscreenUnavailable")}</p>}
      {pasting && (
        <PasteDialog
          session={session}
          layout={layout}
          onClosed={() => {
            setPasting(false);
          }}
        />
      )}
    </div>
  );
}

function PanelToggle({ label, toggle }: { label: string; toggle: Toggle }) {
  return (
    <button
      type="button"
      className="secondary"
      aria-expanded={toggle.open}
      aria-controls={toggle.id}
      onClick={toggle.onToggle}
    >
      {label}
    </button>
  );
}

/** Key combinations the desktop would keep for itself if typed, sent as one input. */
function SendKeys({ session, connected }: { session: ConsoleSession; connected: boolean }) {
  const { t } = useI18n();
  const id = useId();
  const [combo, setCombo] = useState<Combo>("ctrl_alt_del");
  const [error, setError] = useState<AppFailure | null>(null);
  const send = async () => {
    setError(null);
    try {
      await session.send([{ kind: "combo", combo }]);
    } catch (failure) {
      setError(toAppFailure(failure));
    }
  };
  return (
    <span className="console-tool">
      <label htmlFor={id}>{t("console.keys")}</label>
      <select
        id={id}
        value={combo}
        onChange={(e) => {
          const chosen = combos.find((c) => c === e.target.value);
          if (chosen !== undefined) setCombo(chosen);
        }}
      >
        {combos.map((c) => (
          <option key={c} value={c}>
            {t(comboLabel(c))}
          </option>
        ))}
      </select>
      <button type="button" className="secondary" disabled={!connected} onClick={() => void send()}>
        {t("console.sendKeys")}
      </button>
      {error && <ErrorPanel error={error} title={t("console.keysFailed")} />}
    </span>
  );
}

function Screenshot({ session, connected }: { session: ConsoleSession; connected: boolean }) {
  const { t } = useI18n();
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const [error, setError] = useState<AppFailure | null>(null);
  const sessionId = session.opened?.sessionId;
  const take = async (id: string) => {
    setSaving(true);
    setSaved(null);
    setError(null);
    try {
      setSaved((await call(() => commands.consoleScreenshot(id))).path);
    } catch (failure) {
      setError(toAppFailure(failure));
    } finally {
      setSaving(false);
    }
  };
  return (
    <>
      <button
        type="button"
        className="secondary"
        disabled={!connected || saving || sessionId === undefined}
        onClick={() => {
          if (sessionId !== undefined) void take(sessionId);
        }}
      >
        {t("console.screenshot")}
      </button>
      <span role="status" className="console-saved">
        {saved !== null && t("console.screenshotSaved", { path: saved })}
      </span>
      {error && <ErrorPanel error={error} title={t("console.screenshotFailed")} />}
    </>
  );
}
