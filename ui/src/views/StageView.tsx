import { useState } from "react";

import { EmptyState } from "../components/EmptyState";
import { ErrorPanel } from "../components/ErrorPanel";
import { Pager } from "../components/Pager";
import { ServerTable } from "../components/ServerTable";
import type { ServerQuery, Tab } from "../ipc";
import { useI18n } from "../i18n";
import { useDemoLab, useServerPage } from "../app/queries";
import { useDebounced } from "../app/useDebounced";
import { AcquireFilters, acquireQuery, noAcquireFilter, type AcquireFilter } from "./acquire/AcquireFilters";
import { BulkActions } from "./BulkActions";
import { DeletionPasses } from "./deletion/DeletionPasses";
import { ExportButtons } from "./ExportButtons";
import { InventoryActions } from "./InventoryActions";
import { PageHeading } from "./PageHeading";
import { StageFilters, type EoslChoice } from "./StageFilters";

const pageSize = 200;
// Long enough to skip the keys of a word being typed, short enough to feel live.
const searchDelay = 150;

export function StageView({ tab }: { tab: Tab }) {
  const { t } = useI18n();
  const [notice, setNotice] = useState("");
  const [text, setText] = useState("");
  const [eosl, setEosl] = useState<EoslChoice>("any");
  const search = useDebounced(text.trim(), searchDelay);
  // Inventory's hardware filters, for picking the servers to build.
  const [acquire, setAcquire] = useState<AcquireFilter>(noAcquireFilter);
  const acquiring = acquireQuery(useDebounced(acquire, searchDelay));
  const hardware = tab === "inventory" ? acquiring : {};
  const filter: Omit<ServerQuery, "offset" | "limit"> = {
    tab,
    stage: null,
    text: search === "" ? null : search,
    eoslWithinDays: eosl === "any" ? null : Number(eosl),
    warrantyWithinDays: null,
    ...hardware,
  };
  // The page belongs to the filter it was chosen under; another filter starts at its first page.
  const filterKey = JSON.stringify(filter);
  const [paging, setPaging] = useState({ filterKey, offset: 0 });
  const offset = paging.filterKey === filterKey ? paging.offset : 0;
  const page = useServerPage({ ...filter, offset, limit: pageSize });
  // Servers moved off the tab can leave the page shown past the end: go to the last page there is.
  const total = page.data?.total ?? 0;
  if (page.isSuccess && !page.isPlaceholderData && offset > 0 && offset >= total) {
    setPaging({ filterKey, offset: Math.max(0, Math.ceil(total / pageSize) - 1) * pageSize });
  }
  const filtered = filter.text !== null || filter.eoslWithinDays !== null || Object.keys(hardware).length > 0;
  const inventory = tab === "inventory";
  return (
    <>
      <PageHeading
        title={t(`tab.${tab}`)}
        about={t(`tab.${tab}.about`)}
        actions={inventory ? <InventoryActions onNotice={setNotice} /> : undefined}
      />
      {inventory && (
        <>
          <DemoLabStatus />
          <p role="status" className="notice">
            {notice}
          </p>
        </>
      )}
      {page.isPending && <p role="status">{t("app.loading")}</p>}
      {page.isError && <ErrorPanel error={page.error} onRetry={() => void page.refetch()} />}
      {page.isSuccess &&
        (page.data.total === 0 && !filtered ? (
          <EmptyState message={t(`tab.${tab}.empty`)} />
        ) : (
          <>
            <div className="table-toolbar">
              <StageFilters text={text} eosl={eosl} onText={setText} onEosl={setEosl} />
              <ExportButtons query={filter} />
            </div>
            {inventory && <AcquireFilters value={acquire} onChange={setAcquire} />}
            <Pager
              offset={page.data.offset}
              shown={page.data.servers.length}
              total={page.data.total}
              pageSize={pageSize}
              onOffset={(next) => {
                setPaging({ filterKey, offset: next });
              }}
            />
            {page.data.total === 0 ? (
              <p className="hint no-match">{t("servers.noMatch")}</p>
            ) : (
              <ServerTable
                servers={page.data.servers}
                offset={page.data.offset}
                total={page.data.total}
                selectionActions={(selected) => <BulkActions servers={selected} tab={tab} onNotice={setNotice} />}
              />
            )}
          </>
        ))}
      {tab === "deletion" && <DeletionPasses />}
    </>
  );
}

/** The demo lab enrols its servers a moment after start-up; say so rather than
 *  show an Inventory that looks empty for good. */
function DemoLabStatus() {
  const { t } = useI18n();
  const lab = useDemoLab();
  if (lab.isError) {
    return <ErrorPanel error={lab.error} title={t("demoLab.failed")} onRetry={() => void lab.refetch()} />;
  }
  return lab.isPending ? (
    <p role="status" className="hint">
      {t("demoLab.starting")}
    </p>
  ) : null;
}
