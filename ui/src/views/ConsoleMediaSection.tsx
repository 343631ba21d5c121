import { useId } from "react";

import type { Action, ServerSummary } from "../ipc";
import { useI18n } from "../i18n";
import { useServerActions } from "../app/queries";
import { routeHash } from "../app/routes";
import { BmcAccessPanel } from "./bmc/BmcAccessPanel";
import { MediaPanel } from "./media/MediaPanel";

/** The In-service tools on a server's page: the KVM console, virtual media and
 *  direct BMC access, each only where the server's stage allows it now. */
export function ConsoleMediaSection({ server, ironic = false }: { server: ServerSummary; ironic?: boolean }) {
  const { t } = useI18n();
  const headingId = useId();
  const actions = useServerActions(server.id);
  const allows = (action: Action) => actions.data?.actions.some((r) => r.action === action && r.allowed) === true;
  const kvm = allows("kvm");
  const media = allows("virtual_media");
  const access = allows("bmc_access");
  if (!kvm && !media && !access) return null;
  return (
    <section aria-labelledby={headingId} className="card">
      <h2 id={headingId}>{t("console.sectionTitle")}</h2>
      <p className="hint">{t(ironic ? "console.sectionAboutIronic" : "console.sectionAbout")}</p>
      {kvm && (
        <p>
          <a className="button-link" href={routeHash({ kind: "console", id: server.id })}>
            {t("console.open")}
          </a>
        </p>
      )}
      {media && (
        <>
          <h3>{t("media.title")}</h3>
          <MediaPanel serverId={server.id} />
        </>
      )}
      {access && (
        <>
          <h3>{t("bmcAccess.title")}</h3>
          <BmcAccessPanel serverId={server.id} />
        </>
      )}
    </section>
  );
}
