import { useId } from "react";

import { ErrorPanel } from "../../components/ErrorPanel";
import type { DeletionView } from "../../ipc";
import { useI18n } from "../../i18n";
import { useFormat } from "../../i18n/format";
import { routeHash } from "../../app/routes";
import { DeletionPipeline } from "./DeletionPipeline";
import { CertificateOpenButton } from "./ErasureCertificateDialog";
import { useDeletions } from "./deletionQueries";

// Open passes are few; this many verified ones is a long memory for a tab.
const passesShown = 50;

/** The Deletion tab's passes: each open one step by step, then those verified
 *  lately with their certificates (their servers are back in Inventory). */
export function DeletionPasses() {
  const { t } = useI18n();
  const headingId = useId();
  const passes = useDeletions(passesShown);
  const open = passes.data?.filter((v) => v.deletion.state !== "verified") ?? [];
  const verified = passes.data?.filter((v) => v.deletion.state === "verified") ?? [];
  return (
    <>
      <section aria-labelledby={headingId} className="deletion-passes">
        <h2 id={headingId}>{t("deletion.passes")}</h2>
        <p className="hint">{t("deletion.passesAbout")}</p>
        {passes.isPending && <p role="status">{t("app.loading")}</p>}
        {passes.isError && <ErrorPanel error={passes.error} onRetry={() => void passes.refetch()} />}
        {passes.isSuccess && open.length === 0 && <p className="hint">{t("deletion.noneOpen")}</p>}
        {open.map((view) => (
          <DeletionPipeline
            key={view.deletion.id}
            view={view}
            level={3}
            heading={<a href={routeHash({ kind: "server", id: view.deletion.serverId })}>{view.deletion.serverName}</a>}
          />
        ))}
      </section>
      {verified.length > 0 && <VerifiedDeletions views={verified} />}
    </>
  );
}

function VerifiedDeletions({ views }: { views: readonly DeletionView[] }) {
  const { t } = useI18n();
  const format = useFormat();
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className="deletion-passes">
      <h2 id={headingId}>{t("deletion.verifiedRecently")}</h2>
      <div className="fact-table">
        <table className="servers" aria-labelledby={headingId}>
          <thead>
            <tr>
              <th scope="col">{t("deletion.server")}</th>
              <th scope="col">{t("erasure.started")}</th>
              <th scope="col">{t("deletion.ended")}</th>
              <th scope="col">{t("erasure.title")}</th>
            </tr>
          </thead>
          <tbody>
            {views.map(({ deletion, certificateId }) => (
              <tr key={deletion.id}>
                <th scope="row">
                  <a href={routeHash({ kind: "server", id: deletion.serverId })}>{deletion.serverName}</a>
                </th>
                <td>
                  <time dateTime={deletion.startedAt}>{format.shortDateTime(deletion.startedAt)}</time>
                </td>
                <td>
                  {deletion.endedAt === null ? (
                    t("servers.unknown")
                  ) : (
                    <time dateTime={deletion.endedAt}>{format.shortDateTime(deletion.endedAt)}</time>
                  )}
                </td>
                <td>{certificateId === null ? t("servers.unknown") : <CertificateOpenButton certificateId={certificateId} />}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
