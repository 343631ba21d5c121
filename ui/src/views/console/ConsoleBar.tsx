import type { ConsoleState } from "../../ipc";
import { useI18n } from "../../i18n";
import { powerStateLabel } from "../../i18n/labels";
import { usePowerState } from "../../app/queries";
import { mediaState } from "../media/mediaText";
import { useVirtualMedia } from "../media/mediaQueries";
import type { ConsoleSession } from "./useConsoleSession";

/** The session as the bar shows it: a console that could not even open has failed. */
export function shownState(session: Pick<ConsoleSession, "status" | "openError">): ConsoleState {
  if (session.openError) return "failed";
  return session.status?.state ?? "connecting";
}

interface Props {
  serverId: string;
  session: ConsoleSession;
  /** The server allows virtual media now, so its state is worth reading. */
  media: boolean;
}

/** One line over the screen: the connection, the server's power and its media. */
export function ConsoleBar({ serverId, session, media }: Props) {
  return (
    <div className="console-bar">
      <ConnectionState session={session} />
      <PowerState serverId={serverId} />
      {media && <MediaState serverId={serverId} />}
    </div>
  );
}

function ConnectionState({ session }: { session: ConsoleSession }) {
  const { t } = useI18n();
  const state = shownState(session);
  const status = session.status;
  const problem = status?.problem;
  const text =
    state === "reconnecting"
      ? t("console.state.reconnecting", { attempt: status?.attempt ?? 1 })
      : state === "failed" && problem
        ? t("console.failedBecause", { problem: t(`console.problem.${problem}`) })
        : t(`console.state.${state}`);
  return (
    <p className="console-connection-state">
      {/* Only the state is live: the frame rate changes every second and would be read out each time. */}
      <span role="status" data-state={state}>
        {text}
      </span>
      {state === "failed" && status?.message && <code>{status.message}</code>}
      {state === "connected" && status?.fps != null && (
        <span className="console-fps">{t("console.fps", { fps: Math.round(status.fps) })}</span>
      )}
      {state === "connected" && status && status.width > 0 && (
        <span className="console-size">{t("console.size", { width: status.width, height: status.height })}</span>
      )}
      {state === "connected" && status?.name && <span className="console-name">{status.name}</span>}
    </p>
  );
}

function PowerState({ serverId }: { serverId: string }) {
  const { t } = useI18n();
  const power = usePowerState(serverId, true);
  const state = power.data?.powerState;
  const shown = power.isPending
    ? t("console.reading")
    : power.isError || state == null
      ? t("console.powerUnknown")
      : powerStateLabel(state, t);
  return (
    <p className="console-power" title={power.error?.message}>
      {t("console.power", { state: shown })}
    </p>
  );
}

function MediaState({ serverId }: { serverId: string }) {
  const { t } = useI18n();
  const media = useVirtualMedia(serverId, true);
  return (
    <p className="console-media" title={media.error?.message}>
      {media.data ? mediaState(media.data, t) : media.isError ? t("media.stateUnknown") : t("media.stateReading")}
    </p>
  );
}
