import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { fakeDeletions, fakeErasureCertificate } from "../../ipc/fakeDeletion";
import { fakeServer, installFakeBackend, type FakeBackend } from "../../ipc/testing";
import { renderApp } from "../../test/render";

function openReturnedServer(overrides: Partial<FakeBackend> = {}) {
  const server = fakeServer("web-1", "inventory");
  window.location.hash = `#/servers/${server.id}`;
  return installFakeBackend({
    servers: [server],
    deletion: fakeDeletions({
      certificates: [
        fakeErasureCertificate(server),
        fakeErasureCertificate(server, { certificateId: "cert-older", issuedAt: "2025-06-01T10:00:00Z" }),
      ],
    }),
    ...overrides,
  });
}

describe("an erasure certificate", () => {
  it("is listed on the server's page, newest first, and shows what was erased and how", async () => {
    openReturnedServer();
    const user = userEvent.setup();
    renderApp();
    const section = await screen.findByRole("region", { name: "Erasure certificate" });
    const listed = within(section).getByRole("list", { name: "Erasure certificates, newest first" });
    expect(within(listed).getAllByRole("listitem").map((li) => li.textContent)).toEqual([
      expect.stringContaining("cert-web-1") as unknown,
      expect.stringContaining("cert-older") as unknown,
    ]);
    const [newest] = within(section).getAllByTestId("certificate-open");
    if (!newest) throw new Error("no certificate listed");
    await user.click(newest);

    const dialog = await screen.findByRole("dialog", { name: "Erasure certificate: web-1" });
    const view = await within(dialog).findByTestId("certificate-view");
    expect(view).toHaveTextContent("Certificatecert-web-1");
    expect(view).toHaveTextContent("ManufacturerDell Inc.");
    expect(view).toHaveTextContent("Serial numberSN-web-1");
    expect(view).toHaveTextContent("BMC127.0.0.1:8443");
    expect(view).toHaveTextContent("Deletion started byalice (customer)");
    expect(view).toHaveTextContent("Reasoncontract ended");
    expect(view).toHaveTextContent("ResultVerified clean");

    const drives = within(view).getByRole("table", { name: "Drives erased" });
    expect(within(drives).getByRole("row", { name: /Disk\.Bay\.0/ })).toHaveTextContent(
      /^Disk\.Bay\.0PM1733S-web-1-01\.9 TBCryptographic erase/,
    );
    expect(within(drives).getByRole("row", { name: /Disk\.Bay\.1/ })).toHaveTextContent(
      /^Disk\.Bay\.1ST4000NM000AS-web-1-14 TBOverwrite/,
    );
    expect(within(view).getByRole("list", { name: "Drift from the baseline" })).toHaveTextContent(
      "System BIOS: 2.19.2 (baseline 2.30.1)",
    );
    const steps = within(view).getByRole("table", { name: "Pipeline" });
    expect(within(steps).getByRole("row", { name: /Erase drives/ })).toHaveTextContent("2 drives erased");
    expect(view).toHaveTextContent("Entries12");
    expect(view).toHaveTextContent(`SHA-256 checksum${"9f".repeat(32)}`);
  });

  it("is saved as a PDF in either language or as JSON, and says where", async () => {
    const backend = openReturnedServer();
    const user = userEvent.setup();
    renderApp();
    const section = await screen.findByRole("region", { name: "Erasure certificate" });
    await user.click(within(section).getAllByTestId("certificate-open")[0] ?? section);
    const view = await within(screen.getByRole("dialog")).findByTestId("certificate-view");
    const saving = within(view).getByRole("group", { name: "Save the certificate" });
    const exports = () => backend.calls.filter((c) => c.cmd === "export_certificate").map((c) => c.args);

    await user.click(within(saving).getByRole("button", { name: "PDF (English)" }));
    expect(await within(view).findByText(/^Saved to \/home\/alice\/Downloads\/erasure-certificate-web-1-en-.*\.pdf$/)).toBeInTheDocument();
    await user.click(within(saving).getByRole("button", { name: "PDF (Japanese)" }));
    await user.click(within(saving).getByRole("button", { name: "JSON file" }));
    await waitFor(() => {
      expect(exports()).toEqual([
        { certificateId: "cert-web-1", format: "pdf", language: "en" },
        { certificateId: "cert-web-1", format: "pdf", language: "ja" },
        { certificateId: "cert-web-1", format: "json", language: "en" },
      ]);
    });
    expect(await within(view).findByText(/erasure-certificate-web-1-.*\.json$/)).toBeInTheDocument();
  });

  it("shows a failed save with the reason", async () => {
    openReturnedServer({
      failOnce: { export_certificate: { code: "invalid_input", message: "cannot write /home/alice/Downloads/x.pdf: disk full" } },
    });
    const user = userEvent.setup();
    renderApp();
    const section = await screen.findByRole("region", { name: "Erasure certificate" });
    await user.click(within(section).getAllByTestId("certificate-open")[0] ?? section);
    const view = await within(screen.getByRole("dialog")).findByTestId("certificate-view");
    await user.click(within(view).getByRole("button", { name: "PDF (English)" }));
    const alert = await within(view).findByRole("alert");
    expect(within(alert).getByRole("heading", { name: "The certificate was not saved" })).toBeInTheDocument();
    expect(alert).toHaveTextContent("disk full");
  });

  it("reads in Japanese", async () => {
    openReturnedServer({ settings: { language: "ja", theme: "system" } });
    const user = userEvent.setup();
    renderApp();
    const section = await screen.findByRole("region", { name: "データ消去証明書" });
    await user.click(within(section).getAllByRole("button", { name: "データ消去証明書を開く" })[0] ?? section);
    const view = await within(screen.getByRole("dialog", { name: "データ消去証明書: web-1" })).findByTestId("certificate-view");
    expect(within(within(view).getByRole("table", { name: "消去したドライブ" })).getByRole("row", { name: /Disk\.Bay\.0/ })).toHaveTextContent(
      "暗号消去",
    );
    expect(view).toHaveTextContent("結果クリーンを検証済み");
    expect(within(view).getByRole("button", { name: "PDF（日本語）" })).toBeInTheDocument();
  });

  it("is not shown for a server never deleted", async () => {
    const server = fakeServer("web-2", "in_service");
    window.location.hash = `#/servers/${server.id}`;
    const backend = installFakeBackend({ servers: [server] });
    renderApp();
    await screen.findByRole("region", { name: "Lifecycle" });
    await waitFor(() => {
      expect(backend.calls.some((c) => c.cmd === "certificates")).toBe(true);
    });
    expect(screen.queryByRole("region", { name: "Erasure certificate" })).not.toBeInTheDocument();
  });
});
