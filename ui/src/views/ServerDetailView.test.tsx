import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import type { ServerSummary } from "../ipc";
import { fakeBackendRecord, fakeBackends } from "../ipc/fakeBackends";
import { fakeBmc, fakeCertificate, fakeFacts, fakeServer, fakeSha256, installFakeBackend } from "../ipc/testing";
import { renderApp } from "../test/render";

const address = "10.1.0.11:443";
const oldPin = fakeSha256("0A");
const newCertificate = fakeSha256("0B");
const changedMessage = `https://${address}: the BMC presented a different certificate (SHA-256 ${newCertificate}) from the one trusted (${oldPin}); refusing to talk to it until the new certificate is trusted`;

function web1(change: Partial<ServerSummary> = {}): ServerSummary {
  return { ...fakeServer("web-1", "in_service"), bmcId: "bmc-1", bmcAddress: address, ...change };
}

function withServer(server: ServerSummary, presented = oldPin, language: "en" | "ja" = "en") {
  window.location.hash = `#/servers/${server.id}`;
  return installFakeBackend({
    settings: { language, theme: "system" },
    servers: [server],
    bmcs: [fakeBmc("bmc-1", address, oldPin)],
    network: { [address]: { certificate: fakeCertificate(address, presented), systems: ["web-1"] } },
    facts: { [server.id]: fakeFacts("2026-11-24T10:00:00Z") },
  });
}

/** A server synced from an Ironic, as its node "1be0-node", with its page open. */
function openIronicNode(stage: ServerSummary["stage"]) {
  const record = fakeBackendRecord("http://127.0.0.1:6385");
  const server = fakeServer("ir-node", stage);
  window.location.hash = `#/servers/${server.id}`;
  installFakeBackend({
    servers: [server],
    backends: fakeBackends({ records: [record], synced: { [record.id]: { "1be0-node": server.id } } }),
  });
}

function readAt(iso: string, language = "en") {
  return new Intl.DateTimeFormat(language, { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso));
}

describe("a server's detail", () => {
  it("shows every group of facts with the time each was read", async () => {
    withServer(web1());
    renderApp();
    expect(await screen.findByRole("heading", { level: 1, name: "web-1" })).toBeInTheDocument();
    expect(screen.getByText("Stage: In service")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Back to In service" })).toHaveAttribute("href", "#/in-service");

    // The time it was read, then how long ago (which depends on today's date).
    const stamp = `Read at ${readAt("2026-11-24T10:00:00Z")} (`;
    const stamped = (text: string) => text.startsWith(stamp) && text.endsWith(")");
    for (const name of ["Hardware", "Drives", "Network interfaces", "BMC", "Firmware", "Sensors", "System event log"]) {
      const section = screen.getByRole("region", { name });
      expect(within(section).getByText(stamped)).toHaveAttribute("datetime", "2026-11-24T10:00:00Z");
    }

    const hardware = screen.getByRole("region", { name: "Hardware" });
    expect(hardware).toHaveTextContent("ManufacturerDell Inc.");
    expect(hardware).toHaveTextContent("UUID4c4c4544-0031-3210-8052-b4c04f315032");
    expect(hardware).toHaveTextContent("CPUs2 × Intel Xeon Gold 6338");
    expect(hardware).toHaveTextContent("Memory512 GiB");
    expect(hardware).toHaveTextContent("BIOS version1.13.2");

    const drives = within(screen.getByRole("region", { name: "Drives" })).getByRole("table", { name: "Drives" });
    expect(within(drives).getByRole("row", { name: /Disk\.Bay\.0/ })).toHaveTextContent("PM1733SSDNVMe3.84 TBOK");

    const nics = within(screen.getByRole("region", { name: "Network interfaces" })).getByRole("table");
    expect(nics).toHaveTextContent("B4:96:91:00:00:01");
    expect(nics).toHaveTextContent("25 Gb/s");
    expect(nics).toHaveTextContent("10.0.0.11");

    const bmc = screen.getByRole("region", { name: "BMC" });
    expect(bmc).toHaveTextContent(`Trusted certificate${oldPin}`);
    expect(bmc).toHaveTextContent("Password kept inkeyring:bmc-1");
    expect(bmc).toHaveTextContent("Firmware version7.00.00.00");
    expect(within(bmc).getByRole("table", { name: "BMC network interfaces" })).toHaveTextContent("10.1.0.11");

    expect(screen.getByRole("region", { name: "Sensors" })).toHaveTextContent("Inlet TempTemperature22°C");

    const log = within(screen.getByRole("region", { name: "System event log" })).getByRole("table");
    const messages = within(log)
      .getAllByRole("row")
      .slice(1)
      .map((r) => within(r).getAllByRole("cell")[1]?.textContent);
    expect(messages).toEqual(["Fan 3 speed low", "System powered on"]);
  });

  it("names the Ironic node a synced server is, and Ironic's reason while it reports a failure", async () => {
    const url = "http://127.0.0.1:6385";
    const record = fakeBackendRecord(url);
    const reason = "Ironic: clean failed: node does not support this clean step: bios.apply_configuration";
    const server: ServerSummary = {
      ...fakeServer("ir-node", "building"),
      refreshError: reason,
      refreshErrorCode: "ironic_error",
      refreshedAt: "2026-11-24T10:00:00Z",
    };
    window.location.hash = `#/servers/${server.id}`;
    installFakeBackend({
      servers: [server],
      backends: fakeBackends({ records: [record], synced: { [record.id]: { "1be0-node": server.id } } }),
    });
    renderApp();
    const section = await screen.findByRole("region", { name: "OpenStack Ironic" });
    expect(section).toHaveTextContent(`Driven through${url}`);
    expect(section).toHaveTextContent("Ironic node1be0-node");
    expect(section).toHaveTextContent(`Ironic reports${reason}`);
    expect(screen.queryByRole("region", { name: "BMC" })).not.toBeInTheDocument();
  });

  it("offers on an Ironic node in service only what Ironic carries out: virtual media, no console or BMC access", async () => {
    openIronicNode("in_service");
    renderApp();
    const section = await screen.findByRole("region", { name: "Console and media" });
    expect(section).toHaveTextContent("Ironic offers no KVM console or direct BMC access");
    expect(within(section).getByRole("heading", { name: "Virtual media" })).toBeInTheDocument();
    expect(within(section).queryByRole("link", { name: "Open console" })).not.toBeInTheDocument();
    expect(within(section).queryByRole("heading", { name: "BMC access" })).not.toBeInTheDocument();
  });

  it("says on an Ironic node being built that Ironic reads and applies its BIOS and RAID, and shows no BMC settings", async () => {
    openIronicNode("building");
    renderApp();
    const bios = await screen.findByRole("region", { name: "BIOS settings" });
    expect(bios).toHaveTextContent("Read from Ironic's cache of the node's BIOS");
    const raid = screen.getByRole("region", { name: "RAID" });
    expect(raid).toHaveTextContent("Ironic reports no drive map, so the RAID wizard is not offered.");
    expect(within(raid).queryByRole("button", { name: "Configure RAID" })).not.toBeInTheDocument();
    const firmware = screen.getByRole("region", { name: "Firmware updates" });
    expect(firmware).toHaveTextContent("Read from Ironic's cache of the node's firmware");
    expect(firmware).not.toHaveTextContent("This server has no BMC to read its firmware from.");
    expect(within(firmware).queryByRole("button", { name: /Reset BMC/ })).not.toBeInTheDocument();
    expect(screen.queryByText(/No facts have been read from this server yet/)).not.toBeInTheDocument();
    expect(screen.getByRole("region", { name: "Lifecycle" })).toHaveTextContent("a move asks Ironic to take the node there");
    expect(screen.queryByRole("region", { name: "BMC settings" })).not.toBeInTheDocument();
  });

  it("says what a move of an Ironic node asks of Ironic, and that deploying powers it on", async () => {
    openIronicNode("building");
    renderApp();
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Move to In service" }));
    const dialog = await screen.findByRole("dialog");
    expect(dialog).toHaveTextContent("Ironic cleans the node and makes it available (provide).");
    expect(dialog).toHaveTextContent("Ironic deploys the node: it is powered on and boots its image.");
    expect(dialog).toHaveTextContent("Racksmith sends nothing to the BMC itself; Ironic's conductor does the work.");
    expect(dialog).not.toHaveTextContent("The power is not changed");
    expect(dialog).not.toHaveTextContent("Nothing is sent to the BMC.");
  });

  it("names the groups the BMC failed at the last read, with its error, and shows the rest", async () => {
    const backend = withServer(web1());
    const facts = fakeFacts("2026-11-24T10:00:00Z");
    const storageError = "GET https://10.1.0.11/redfish/v1/Systems/1/Storage: HTTP 500 Base.1.0.GeneralError: storage controller busy";
    backend.facts = { [web1().id]: { ...facts, hardware: { ...facts.hardware, drives: [] }, sensors: null, unread: [{ group: "drives", error: storageError }, { group: "sensors", error: "timed out" }] } };
    renderApp();
    const drives = await screen.findByRole("region", { name: "Drives" });
    expect(drives).toHaveTextContent(`Not read at the last refresh: ${storageError}`);
    expect(within(drives).queryByRole("table")).not.toBeInTheDocument();
    expect(screen.getByRole("region", { name: "Sensors" })).toHaveTextContent("Not read at the last refresh: timed out");
    expect(screen.getByRole("region", { name: "Sensors" })).not.toHaveTextContent("does not offer");
    expect(within(screen.getByRole("region", { name: "Network interfaces" })).getByRole("table")).toHaveTextContent("B4:96:91:00:00:01");
    expect(screen.getByRole("region", { name: "Firmware" })).not.toHaveTextContent("Not read");
  });

  it("says so when no facts have been read yet", async () => {
    const backend = withServer(web1({ refreshedAt: null }));
    backend.facts = {};
    renderApp();
    expect(await screen.findByText(/No facts have been read from this server yet/)).toBeInTheDocument();
    expect(screen.queryByRole("region", { name: "Hardware" })).not.toBeInTheDocument();
    expect(screen.getByRole("region", { name: "BMC" })).toHaveTextContent(address);
  });

  it("refreshes this one server", async () => {
    const backend = withServer(web1());
    const user = userEvent.setup();
    renderApp();
    await user.click(await screen.findByRole("button", { name: "Refresh" }));
    expect(await screen.findByText("Refreshed.")).toBeInTheDocument();
    const call = backend.calls.find((c) => c.cmd === "refresh_servers");
    expect((call?.args as { serverIds: unknown }).serverIds).toEqual(["id-web-1"]);
  });

  it("after a certificate change, shows the new certificate beside the old and trusts it on request", async () => {
    const backend = withServer(web1({ refreshError: changedMessage, refreshErrorCode: "certificate_changed" }), newCertificate);
    const user = userEvent.setup();
    renderApp();
    const warning = await screen.findByRole("region", { name: "The last refresh failed" });
    expect(warning).toHaveTextContent(changedMessage);
    await user.click(within(warning).getByRole("button", { name: "Review the new certificate" }));

    expect(await within(warning).findByText("Presented now")).toBeInTheDocument();
    expect(warning).toHaveTextContent(`Trusted until now${oldPin}`);
    expect(warning).toHaveTextContent(`SHA-256 fingerprint${newCertificate}`);
    expect(warning).toHaveTextContent(/Compare this SHA-256 fingerprint/);
    await user.click(within(warning).getByRole("button", { name: "Trust the new certificate" }));

    expect(await screen.findByText("Refreshed.")).toBeInTheDocument();
    expect(backend.calls.find((c) => c.cmd === "trust_certificate")?.args).toEqual({ bmcId: "bmc-1", sha256: newCertificate });
    expect(backend.calls.filter((c) => c.cmd === "refresh_servers")).toHaveLength(1);
    await waitFor(() => {
      expect(screen.queryByRole("region", { name: "The last refresh failed" })).not.toBeInTheDocument();
    });
    expect(screen.getByRole("region", { name: "BMC" })).toHaveTextContent(`Trusted certificate${newCertificate}`);
  });

  it("offers the review when its own refresh meets a changed certificate", async () => {
    withServer(web1(), newCertificate);
    const user = userEvent.setup();
    renderApp();
    expect(screen.queryByRole("region", { name: "The last refresh failed" })).not.toBeInTheDocument();
    await user.click(await screen.findByRole("button", { name: "Refresh" }));
    const warning = await screen.findByRole("region", { name: "The last refresh failed" });
    expect(warning).toHaveTextContent("The BMC presents a different certificate from the one trusted.");
    expect(warning).toHaveTextContent("The facts below are from the last refresh that worked.");
    expect(within(warning).getByRole("button", { name: "Review the new certificate" })).toBeInTheDocument();
  });

  it("does not offer to trust when the BMC still presents the trusted certificate", async () => {
    withServer(web1({ refreshError: changedMessage, refreshErrorCode: "certificate_changed" }), oldPin);
    const user = userEvent.setup();
    renderApp();
    const warning = await screen.findByRole("region", { name: "The last refresh failed" });
    await user.click(within(warning).getByRole("button", { name: "Review the new certificate" }));
    expect(await within(warning).findByText(/presents the certificate already trusted/)).toBeInTheDocument();
    expect(within(warning).queryByRole("button", { name: "Trust the new certificate" })).not.toBeInTheDocument();
  });

  it("explains a server that does not exist", async () => {
    window.location.hash = "#/servers/nope";
    installFakeBackend();
    renderApp();
    expect(await screen.findByRole("alert")).toHaveTextContent("not_found: no server nope");
  });

  it("reads in Japanese", async () => {
    withServer(web1({ refreshError: changedMessage, refreshErrorCode: "certificate_changed" }), newCertificate, "ja");
    renderApp();
    expect(await screen.findByRole("region", { name: "ハードウェア" })).toHaveTextContent(
      `${readAt("2026-11-24T10:00:00Z", "ja")} に取得`,
    );
    expect(screen.getByRole("link", { name: "サービス利用中 に戻る" })).toBeInTheDocument();
    expect(screen.getByText("ステージ: サービス利用中")).toBeInTheDocument();
    const warning = screen.getByRole("region", { name: "前回の更新に失敗しました" });
    expect(within(warning).getByRole("button", { name: "新しい証明書を確認" })).toBeInTheDocument();
    expect(screen.getByRole("region", { name: "システムイベントログ" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "更新" })).toBeInTheDocument();
  });
});
