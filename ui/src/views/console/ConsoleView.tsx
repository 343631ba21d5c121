import { useId, useRef, useState } from "react";

import { ErrorPanel } from "../../components/ErrorPanel";
import type { Action } from "../../ipc";
import { useI18n } from "../../i18n";
import { useServerActions, useServerDetail } from "../../app/queries";
import { routeHash } from "../../app/routes";
import { MediaPanel } from "../media/MediaPanel";
import { PageHeading } from "../PageHeading";
import { PowerButtonList } from "../PowerButtonList";
import { consolePowerButtons } from "../powerButtons";
import { ConnectionPanel } from "./ConnectionPanel";
import { ConsoleBar, shownState } from "./ConsoleBar";
import { ConsoleTools, usePanelToggle } from "./ConsoleTools";
import { useConsoleLayout } from "./consoleLayout";
import { useConsoleSession } from "./useConsoleSession";
import { useFullscreen } from "./useFullscreen";
import { useScreenInput } from "./useScreenInput";

/** A server's KVM console: its screen on a canvas that takes the keyboard and
 *  mouse, with the connection, power and media around it. */
export function ConsoleView({ id }: { id: string }) {
  const { t, language } = useI18n();
  const detail = useServerDetail(id);
  const actions = useServerActions(id);
  const server = detail.data?.server;
  const canvas = useRef<HTMLCanvasElement>(null);
  const container = useRef<HTMLDivElement>(null);
  const firstTool = useRef<HTMLButtonElement>(null);
  const [layout, setLayout] = useConsoleLayout(language);
  const session = useConsoleSession(id, layout, canvas);
  useScreenInput(canvas, session.send, () => firstTool.current?.focus());
  const fullscreen = useFullscreen(container);
  const [address, setAddress] = useState("");
  const power = usePanelToggle();
  const mediaPanel = usePanelToggle();
  const mediaHeadingId = useId();
  const hintId = useId();
  const allows = (action: Action) => actions.data?.actions.some((r) => r.action === action && r.allowed) === true;
  const media = allows("virtual_media");
  const state = shownState(session);

  return (
    <>
      <a className="back-link" href={routeHash({ kind: "server", id })}>
        {t("console.back")}
      </a>
      <PageHeading title={server ? t("console.title", { name: server.name }) : t("console.titleLoading")} />
      {detail.isError && <ErrorPanel error={detail.error} onRetry={() => void detail.refetch()} />}
      <div className="console" ref={container}>
        <ConsoleBar serverId={id} session={session} media={media} />
        <ConsoleTools
          session={session}
          connected={state === "connected"}
          layout={layout}
          onLayout={setLayout}
          fullscreen={fullscreen}
          firstRef={firstTool}
          panels={{ power, media: media ? mediaPanel : null }}
        />
        {/* Hidden rather than unmounted, so a running power job or a half-typed URL survives closing. */}
        <div id={power.id} className="console-panel" hidden={!power.open}>
          {server && <PowerButtonList server={server} buttons={consolePowerButtons} label={t("console.powerActions")} />}
        </div>
        {media && (
          <section id={mediaPanel.id} className="console-panel" aria-labelledby={mediaHeadingId} hidden={!mediaPanel.open}>
            <h2 id={mediaHeadingId}>{t("media.title")}</h2>
            <MediaPanel serverId={id} />
          </section>
        )}
        {(state === "failed" || state === "closed") && (
          <ConnectionPanel serverId={id} session={session} address={address} onAddress={setAddress} />
        )}
        <div className="console-screen">
          <canvas
            ref={canvas}
            tabIndex={0}
            aria-label={t("console.screen")}
            aria-describedby={hintId}
            width={0}
            height={0}
            data-frames="0"
          />
        </div>
        <p id={hintId} className="hint">
          {t("console.keyboardHint")}
        </p>
      </div>
    </>
  );
}
