import { useState } from "react";

import { EmptyState } from "../../components/EmptyState";
import { ErrorPanel } from "../../components/ErrorPanel";
import type { ProfileEntry } from "../../ipc";
import { useI18n } from "../../i18n";
import { useFormat } from "../../i18n/format";
import { useSnapshot } from "../../app/queries";
import { PageHeading } from "../PageHeading";
import { DeleteProfileDialog } from "./DeleteProfileDialog";
import { ImportProfileDialog } from "./ImportProfileDialog";
import { ProfileEditor } from "./ProfileEditor";
import { raidSummary } from "./profileForm";
import { useBuildProfiles, useExportProfile } from "./profileQueries";

type Editing = { entry: ProfileEntry | null } | null;

/** Build profiles: the BIOS values, RAID layout and BMC settings that many
 *  identical servers are built from, made and changed here, and carried between
 *  consoles as files. */
export function ProfilesView() {
  const { t } = useI18n();
  const profiles = useBuildProfiles();
  const exported = useExportProfile();
  // A snapshot under review is a record: nothing in it can be changed.
  const reviewing = useSnapshot() !== null;
  const [editing, setEditing] = useState<Editing>(null);
  const [importing, setImporting] = useState(false);
  const [deleting, setDeleting] = useState<ProfileEntry | null>(null);
  const [notice, setNotice] = useState("");
  const names = profiles.data?.map((e) => e.profile.name) ?? [];

  const exportProfile = (name: string) => {
    setNotice("");
    exported.mutate(name, {
      onSuccess: (file) => {
        setNotice(t("profiles.exported", { name, path: file.path }));
      },
    });
  };

  return (
    <>
      <PageHeading
        title={t("nav.profiles")}
        about={t("profiles.about")}
        actions={
          editing === null && (
            <>
              <button
                type="button"
                disabled={reviewing}
                onClick={() => {
                  setNotice("");
                  setEditing({ entry: null });
                }}
              >
                {t("profiles.new")}
              </button>
              <button
                type="button"
                className="secondary"
                disabled={reviewing}
                onClick={() => {
                  setNotice("");
                  setImporting(true);
                }}
              >
                {t("profiles.import")}
              </button>
            </>
          )
        }
      />
      <p role="status" className="notice">
        {notice}
      </p>
      {exported.isError && <ErrorPanel error={exported.error} title={t("profiles.exportFailed")} />}
      {editing ? (
        <ProfileEditor
          editing={editing.entry}
          names={names}
          disabled={reviewing}
          onSaved={(saved) => {
            setEditing(null);
            setNotice(t("profiles.saved", { name: saved.profile.name }));
          }}
          onCancel={() => {
            setEditing(null);
          }}
        />
      ) : (
        <>
          {profiles.isPending && <p role="status">{t("app.loading")}</p>}
          {profiles.isError && <ErrorPanel error={profiles.error} onRetry={() => void profiles.refetch()} />}
          {profiles.isSuccess &&
            (profiles.data.length === 0 ? (
              <EmptyState message={t("profiles.empty")} />
            ) : (
              <ProfileTable
                entries={profiles.data}
                busy={exported.isPending}
                reviewing={reviewing}
                onEdit={(entry) => {
                  setNotice("");
                  setEditing({ entry });
                }}
                onExport={exportProfile}
                onDelete={setDeleting}
              />
            ))}
        </>
      )}
      {importing && (
        <ImportProfileDialog
          onClosed={() => {
            setImporting(false);
          }}
          onImported={(entry) => {
            setNotice(t("profiles.imported", { name: entry.profile.name }));
          }}
        />
      )}
      {deleting && (
        <DeleteProfileDialog
          entry={deleting}
          onClosed={() => {
            setDeleting(null);
          }}
          onDeleted={(name) => {
            setNotice(t("profiles.deleted", { name }));
          }}
        />
      )}
    </>
  );
}

interface TableProps {
  entries: readonly ProfileEntry[];
  busy: boolean;
  reviewing: boolean;
  onEdit: (entry: ProfileEntry) => void;
  onExport: (name: string) => void;
  onDelete: (entry: ProfileEntry) => void;
}

function ProfileTable({ entries, busy, reviewing, onEdit, onExport, onDelete }: TableProps) {
  const { t } = useI18n();
  const format = useFormat();
  const dash = t("servers.unknown");
  return (
    <div className="fact-table">
      <table className="servers profile-list" aria-label={t("profiles.list")}>
        <thead>
          <tr>
            <th scope="col">{t("profiles.name")}</th>
            <th scope="col">{t("profiles.description")}</th>
            <th scope="col">{t("profiles.raid")}</th>
            <th scope="col">{t("profiles.biosCount")}</th>
            <th scope="col">{t("profiles.updated")}</th>
            <th scope="col">{t("profiles.actions")}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => {
            const { profile } = entry;
            return (
              <tr key={profile.name}>
                <th scope="row">{profile.name}</th>
                <td>{profile.description ?? dash}</td>
                <td>{raidSummary(profile.raid, t)}</td>
                <td>{format.number(Object.keys(profile.bios ?? {}).length)}</td>
                <td>
                  {t("profiles.updatedValue", { at: format.shortDateTime(entry.updatedAt), by: entry.updatedBy })}
                </td>
                <td>
                  <div className="actions">
                    <button
                      type="button"
                      className="secondary"
                      disabled={reviewing}
                      onClick={() => {
                        onEdit(entry);
                      }}
                    >
                      {t("profiles.edit")}
                    </button>
                    <button
                      type="button"
                      className="secondary"
                      disabled={busy}
                      onClick={() => {
                        onExport(profile.name);
                      }}
                    >
                      {t("profiles.export")}
                    </button>
                    <button
                      type="button"
                      className="danger"
                      disabled={reviewing}
                      onClick={() => {
                        onDelete(entry);
                      }}
                    >
                      {t("profiles.delete")}
                    </button>
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
