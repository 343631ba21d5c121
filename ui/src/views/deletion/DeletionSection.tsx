import { useId } from "react";

import { ErrorPanel } from "../../components/ErrorPanel";
import type { ServerSummary } from "../../ipc";
import { useI18n } from "../../i18n";
import { DeletionPipeline } from "./DeletionPipeline";
import { useServerDeletion } from "./deletionQueries";

/** On the page of a server in Deletion: its pass, followed as it runs. */
export function DeletionSection({ server }: { server: ServerSummary }) {
  const { t } = useI18n();
  const headingId = useId();
  const pass = useServerDeletion(server.id);
  if (pass.isSuccess && pass.data !== null) {
    return <DeletionPipeline view={pass.data} heading={t("deletion.title")} level={2} />;
  }
  return (
    <section aria-labelledby={headingId} className="card">
      <h2 id={headingId}>{t("deletion.title")}</h2>
      {pass.isPending && <p role="status">{t("app.loading")}</p>}
      {pass.isError && <ErrorPanel error={pass.error} onRetry={() => void pass.refetch()} />}
      {pass.isSuccess && <p className="hint">{t("deletion.noPass")}</p>}
    </section>
  );
}
