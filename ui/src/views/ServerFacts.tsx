import { Fragment, useId, type ReactNode } from "react";

import { Fingerprint } from "../components/Fingerprint";
import type { LogFact, NicFact, SensorFact, ServerDetail } from "../ipc";
import { useI18n, type MessageKey } from "../i18n";
import { useFormat } from "../i18n/format";

/** Redfish reading units the UI writes the usual way. */
const unitSymbols: Record<string, string> = { Cel: "°C", Percent: "%" };

const sensorKinds: Record<string, MessageKey> = {
  temperature: "sensors.kind.temperature",
  fan: "sensors.kind.fan",
  power: "sensors.kind.power",
};

function Section({ title, readAt, children }: { title: string; readAt: string | null; children: (headingId: string) => ReactNode }) {
  const { t } = useI18n();
  const format = useFormat();
  const id = useId();
  return (
    <section aria-labelledby={id} className="card">
      <div className="section-heading">
        <h2 id={id}>{title}</h2>
        {readAt !== null && (
          <p className="read-at">
            <time dateTime={readAt}>{t("detail.readAt", { time: format.dateTime(readAt), ago: format.ago(readAt) })}</time>
          </p>
        )}
      </div>
      {children(id)}
    </section>
  );
}

function Facts({ rows }: { rows: [label: string, value: ReactNode][] }) {
  const { t } = useI18n();
  return (
    <dl className="facts">
      {rows.map(([label, value]) => (
        <Fragment key={label}>
          <dt>{label}</dt>
          <dd>{value ?? t("servers.unknown")}</dd>
        </Fragment>
      ))}
    </dl>
  );
}

/** A plain table of facts; `labelledBy` names it after its section, `caption` when it shares one. */
function FactTable<T>({
  labelledBy,
  caption,
  headers,
  rows,
  rowKey,
  cells,
}: {
  labelledBy?: string;
  caption?: string;
  headers: string[];
  rows: readonly T[];
  rowKey: (row: T, index: number) => string;
  cells: (row: T) => ReactNode[];
}) {
  const { t } = useI18n();
  if (rows.length === 0) return <p className="hint">{t("detail.noneReported")}</p>;
  const dash = t("servers.unknown");
  return (
    <div className="fact-table">
      <table className="servers" aria-labelledby={caption === undefined ? labelledBy : undefined}>
        {caption !== undefined && <caption>{caption}</caption>}
        <thead>
          <tr>
            {headers.map((h) => (
              <th key={h} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={rowKey(row, i)}>
              {cells(row).map((cell, c) => (c === 0 ? <th key={c} scope="row">{cell ?? dash}</th> : <td key={c}>{cell ?? dash}</td>))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function NicTable({ nics, labelledBy, caption }: { nics: readonly NicFact[]; labelledBy?: string; caption?: string }) {
  const { t } = useI18n();
  const format = useFormat();
  return (
    <FactTable
      {...(labelledBy !== undefined && { labelledBy })}
      {...(caption !== undefined && { caption })}
      headers={[t("column.id"), t("nics.mac"), t("nics.speed"), t("nics.link"), t("nics.ipv4")]}
      rows={nics}
      rowKey={(n) => n.id}
      cells={(n) => [
        n.id,
        n.mac,
        n.speedMbps === null ? null : format.speed(n.speedMbps),
        n.linkStatus,
        n.ipv4.length === 0 ? null : n.ipv4.join(", "),
      ]}
    />
  );
}

// Newest first, as the backend sends them; entries without a time keep their place.
function newestFirst(entries: readonly LogFact[]): LogFact[] {
  return entries
    .map((entry, index) => ({ entry, index, time: entry.created === null ? null : Date.parse(entry.created) }))
    .sort((a, b) => (a.time !== null && b.time !== null && a.time !== b.time ? b.time - a.time : a.index - b.index))
    .map((e) => e.entry);
}

function reading(sensor: SensorFact, number: (value: number) => string): string | null {
  if (sensor.reading === null) return null;
  if (sensor.units === null) return number(sensor.reading);
  const symbol = unitSymbols[sensor.units];
  return symbol === undefined ? `${number(sensor.reading)} ${sensor.units}` : `${number(sensor.reading)}${symbol}`;
}

function sensorKind(kind: string, t: (key: MessageKey) => string): string {
  const key = sensorKinds[kind];
  return key === undefined ? kind : t(key);
}

/** Why a group of facts is missing, when the BMC failed it at the last read. */
function Unread({ error }: { error: string }) {
  const { t } = useI18n();
  return <p className="hint unread">{t("detail.unread", { error })}</p>;
}

export function ServerFacts({ detail }: { detail: ServerDetail }) {
  const { t } = useI18n();
  const format = useFormat();
  const { bmc, facts, ironic } = detail;
  const hardware = facts?.hardware;
  const unread = (group: string) => facts?.unread?.find((u) => u.group === group)?.error;
  const drivesError = unread("drives");
  const nicsError = unread("nics");
  const firmwareError = unread("firmware");
  const sensorsError = unread("sensors");
  const eventLogError = unread("eventLog");
  const yesNo = (value: boolean | null) => (value === null ? null : value ? t("detail.yes") : t("detail.no"));
  return (
    <>
      {hardware && (
        <>
          <Section title={t("detail.hardware")} readAt={hardware.readAt}>
            {() => (
              <Facts
                rows={[
                  [t("hardware.manufacturer"), hardware.manufacturer],
                  [t("servers.model"), hardware.model],
                  [t("servers.serial"), hardware.serial],
                  [t("hardware.uuid"), hardware.uuid],
                  [t("hardware.sku"), hardware.sku],
                  [t("hardware.hostName"), hardware.hostName],
                  [t("hardware.bios"), hardware.biosVersion],
                  [
                    t("hardware.cpus"),
                    hardware.cpuCount === null
                      ? hardware.cpuModel
                      : t("hardware.cpuCount", { count: hardware.cpuCount, model: hardware.cpuModel ?? t("servers.unknown") }),
                  ],
                  [t("hardware.memory"), hardware.memoryGib === null ? null : t("hardware.gib", { size: format.number(hardware.memoryGib) })],
                  [t("servers.power"), hardware.powerState],
                  [t("servers.health"), hardware.health],
                ]}
              />
            )}
          </Section>
          <Section title={t("detail.drives")} readAt={hardware.readAt}>
            {(id) =>
              drivesError !== undefined ? (
                <Unread error={drivesError} />
              ) : (
                <FactTable
                  labelledBy={id}
                  headers={[t("column.id"), t("servers.model"), t("drives.media"), t("drives.protocol"), t("drives.capacity"), t("servers.health")]}
                  rows={hardware.drives}
                  rowKey={(d) => d.id}
                  cells={(d) => [d.id, d.model, d.mediaType, d.protocol, d.capacityBytes === null ? null : format.bytes(d.capacityBytes), d.health]}
                />
              )
            }
          </Section>
          <Section title={t("detail.nics")} readAt={hardware.readAt}>
            {(id) => (nicsError !== undefined ? <Unread error={nicsError} /> : <NicTable nics={hardware.nics} labelledBy={id} />)}
          </Section>
        </>
      )}
      {ironic && (
        <Section title={t("detail.ironic")} readAt={detail.server.refreshedAt}>
          {() => (
            <Facts
              rows={[
                [t("detail.ironicUrl"), ironic.url],
                [t("detail.ironicNode"), <code key="node">{ironic.node}</code>],
                // Ironic's last_error, kept by the sync, only while there is one.
                ...(detail.server.refreshErrorCode === "ironic_error"
                  ? [[t("detail.ironicError"), detail.server.refreshError] satisfies [string, ReactNode]]
                  : []),
              ]}
            />
          )}
        </Section>
      )}
      {bmc && (
        <Section title={t("detail.bmc")} readAt={facts?.bmc.readAt ?? null}>
          {() => (
            <>
              <Facts
                rows={[
                  [t("servers.bmc"), bmc.address],
                  [t("bmc.vendor"), facts?.bmc.vendor ?? bmc.vendor],
                  [t("servers.model"), facts?.bmc.model ?? null],
                  [t("bmc.firmware"), facts?.bmc.firmwareVersion ?? null],
                  [
                    t("bmc.trust"),
                    bmc.trust.kind === "pinned" ? <Fingerprint sha256={bmc.trust.sha256} /> : t("review.caBundle", { path: bmc.trust.path }),
                  ],
                  [t("bmc.username"), bmc.username],
                  [t("bmc.credential"), <code key="credential">{bmc.credential}</code>],
                  [
                    t("bmc.lastContact"),
                    bmc.lastContactAt === null ? t("servers.never") : <time dateTime={bmc.lastContactAt}>{format.dateTime(bmc.lastContactAt)}</time>,
                  ],
                ]}
              />
              {facts && <NicTable nics={facts.bmc.nics} caption={t("bmc.nics")} />}
            </>
          )}
        </Section>
      )}
      {facts && (
        <>
          <Section title={t("detail.firmware")} readAt={facts.firmware?.readAt ?? null}>
            {(id) =>
              facts.firmware ? (
                <FactTable
                  labelledBy={id}
                  headers={[t("firmware.name"), t("column.id"), t("firmware.version"), t("firmware.updateable")]}
                  rows={facts.firmware.items}
                  rowKey={(f) => f.id}
                  cells={(f) => [f.name ?? f.id, f.id, f.version, yesNo(f.updateable)]}
                />
              ) : firmwareError !== undefined ? (
                <Unread error={firmwareError} />
              ) : (
                <p className="hint">{t("detail.notOffered")}</p>
              )
            }
          </Section>
          <Section title={t("detail.sensors")} readAt={facts.sensors?.readAt ?? null}>
            {(id) =>
              facts.sensors ? (
                <FactTable
                  labelledBy={id}
                  headers={[t("sensors.name"), t("sensors.kind"), t("sensors.reading"), t("servers.health")]}
                  rows={facts.sensors.readings}
                  rowKey={(s, i) => `${s.kind}/${s.name}/${String(i)}`}
                  cells={(s) => [s.name, sensorKind(s.kind, t), reading(s, format.number), s.health]}
                />
              ) : sensorsError !== undefined ? (
                <Unread error={sensorsError} />
              ) : (
                <p className="hint">{t("detail.notOffered")}</p>
              )
            }
          </Section>
          <Section title={t("detail.eventLog")} readAt={facts.eventLog?.readAt ?? null}>
            {(id) =>
              facts.eventLog ? (
                <FactTable
                  labelledBy={id}
                  headers={[t("log.created"), t("log.severity"), t("log.message"), t("column.id")]}
                  rows={newestFirst(facts.eventLog.entries)}
                  rowKey={(e, i) => `${e.id}/${String(i)}`}
                  cells={(e) => [
                    e.created === null ? null : <time dateTime={e.created}>{format.dateTime(e.created)}</time>,
                    e.severity,
                    e.message,
                    e.id,
                  ]}
                />
              ) : eventLogError !== undefined ? (
                <Unread error={eventLogError} />
              ) : (
                <p className="hint">{t("detail.notOffered")}</p>
              )
            }
          </Section>
        </>
      )}
    </>
  );
}
