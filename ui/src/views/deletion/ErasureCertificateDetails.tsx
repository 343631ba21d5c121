import { Fragment } from "react";

import type { ErasedDrive, ErasureCertificate, FirmwareCheck, SelArchive, StepRecord } from "../../ipc";
import { useI18n } from "../../i18n";
import { useFormat } from "../../i18n/format";
import { roleLabel } from "../../i18n/labels";
import { methodLabel, resultLabel, stepLabel } from "./deletionWords";

/** Everything the certificate states, in the order the PDF gives it. */
export function ErasureCertificateDetails({ certificate }: { certificate: ErasureCertificate }) {
  const { t } = useI18n();
  return (
    <>
      <CertifiedFacts certificate={certificate} />
      <h3>{t("erasure.drives")}</h3>
      <ErasedDrives drives={certificate.drives} />
      <h3>{t("erasure.firmware")}</h3>
      <FirmwareFindings firmware={certificate.firmware} />
      <h3>{t("erasure.steps")}</h3>
      <CertifiedSteps steps={certificate.steps} />
      <h3>{t("erasure.sel")}</h3>
      <SelArchiveFacts archive={certificate.selArchive} />
    </>
  );
}

function CertifiedFacts({ certificate: c }: { certificate: ErasureCertificate }) {
  const { t } = useI18n();
  const format = useFormat();
  const dash = t("servers.unknown");
  const facts: [label: string, value: string][] = [
    [t("erasure.id"), c.certificateId],
    [t("erasure.server"), c.server.name],
    [t("erasure.manufacturer"), c.server.manufacturer ?? dash],
    [t("servers.model"), c.server.model ?? dash],
    [t("servers.serial"), c.server.serial ?? dash],
    [t("erasure.assetTag"), c.server.assetTag ?? dash],
    [t("detail.bmc"), c.server.bmcAddress ?? dash],
    [t("erasure.startedBy"), t("lifecycle.actor", { name: c.startedBy, role: roleLabel(c.role, t) })],
    [t("deletion.reason"), c.reason ?? dash],
    [t("erasure.started"), format.dateTime(c.startedAt)],
    [t("erasure.ended"), format.dateTime(c.endedAt)],
    [t("erasure.result"), resultLabel(c.result, t)],
    [t("erasure.issued"), format.dateTime(c.issuedAt)],
    [t("erasure.issuer"), c.issuer],
  ];
  return (
    <dl className="facts">
      {facts.map(([label, value]) => (
        <Fragment key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </Fragment>
      ))}
    </dl>
  );
}

function ErasedDrives({ drives }: { drives: readonly ErasedDrive[] }) {
  const { t } = useI18n();
  const format = useFormat();
  const dash = t("servers.unknown");
  if (drives.length === 0) return <p className="hint">{t("erasure.noDrives")}</p>;
  return (
    <div className="fact-table">
      <table className="servers" aria-label={t("erasure.drives")}>
        <thead>
          <tr>
            <th scope="col">{t("deletion.drive")}</th>
            <th scope="col">{t("servers.model")}</th>
            <th scope="col">{t("servers.serial")}</th>
            <th scope="col">{t("deletion.capacity")}</th>
            <th scope="col">{t("deletion.method")}</th>
            <th scope="col">{t("erasure.ended")}</th>
          </tr>
        </thead>
        <tbody>
          {drives.map((d) => (
            <tr key={d.id}>
              <th scope="row">{d.id}</th>
              <td>{d.model ?? dash}</td>
              <td>{d.serial ?? dash}</td>
              <td>{d.capacityBytes === null ? dash : format.bytes(d.capacityBytes)}</td>
              <td>{methodLabel(d.method, t)}</td>
              <td>
                <time dateTime={d.endedAt}>{format.shortDateTime(d.endedAt)}</time>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Drift is recorded, not corrected: the certificate says what was found. */
function FirmwareFindings({ firmware }: { firmware: FirmwareCheck }) {
  const { t } = useI18n();
  const dash = t("servers.unknown");
  if (!firmware.baselineFound) return <p>{t("erasure.noBaseline")}</p>;
  const drifted = firmware.components.filter((c) => c.drift);
  if (drifted.length === 0) return <p>{t("erasure.noDrift")}</p>;
  return (
    <>
      <p>{t("erasure.drift")}</p>
      <ul aria-label={t("erasure.drift")}>
        {drifted.map((c) => (
          <li key={c.id}>
            {t("erasure.driftItem", {
              component: c.name ?? c.id,
              version: c.version ?? dash,
              baseline: c.baseline ?? dash,
            })}
          </li>
        ))}
      </ul>
    </>
  );
}

function CertifiedSteps({ steps }: { steps: readonly StepRecord[] }) {
  const { t } = useI18n();
  const format = useFormat();
  const dash = t("servers.unknown");
  return (
    <div className="fact-table">
      <table className="servers" aria-label={t("erasure.steps")}>
        <thead>
          <tr>
            <th scope="col">{t("erasure.step")}</th>
            <th scope="col">{t("erasure.ended")}</th>
            <th scope="col">{t("erasure.detail")}</th>
          </tr>
        </thead>
        <tbody>
          {steps.map((s) => (
            <tr key={s.step}>
              <th scope="row">{stepLabel(s.step, t)}</th>
              <td>{s.endedAt === null ? dash : <time dateTime={s.endedAt}>{format.shortDateTime(s.endedAt)}</time>}</td>
              <td>{s.detail ?? dash}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function SelArchiveFacts({ archive }: { archive: SelArchive | null }) {
  const { t } = useI18n();
  const format = useFormat();
  if (archive === null) return <p>{t("erasure.noSel")}</p>;
  return (
    <dl className="facts">
      <dt>{t("erasure.selFile")}</dt>
      <dd>
        <code>{archive.file}</code>
      </dd>
      <dt>{t("erasure.selEntries")}</dt>
      <dd>{format.number(archive.entries)}</dd>
      <dt>{t("erasure.selSha256")}</dt>
      <dd>
        <code className="fingerprint">{archive.sha256}</code>
      </dd>
    </dl>
  );
}
