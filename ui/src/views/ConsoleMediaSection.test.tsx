import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import type { ServerSummary } from "../ipc";
import { fakeBmcSettingsWithCustomer } from "../ipc/fakeBmcSettings";
import { fakeConsoles, fakeMedia } from "../ipc/fakeConsole";
import { fakeServer, installFakeBackend, type FakeBackend } from "../ipc/testing";
import { renderApp } from "../test/render";

function openDetail(stage: ServerSummary["stage"], overrides: Partial<FakeBackend> = {}) {
  const server = { ...fakeServer("web-1", stage), bmcAddress: "10.1.0.11:443" };
  window.location.hash = `#/servers/${server.id}`;
  return installFakeBackend({ servers: [server], ...overrides });
}

async function section() {
  return screen.findByRole("region", { name: "Console and media" });
}

/** A console fake whose CD already holds a file served from this computer. */
function mounted(): FakeBackend["consoles"] {
  const media = fakeMedia();
  const url = "http://10.0.0.1:8700/ubuntu.iso";
  media.slots = media.slots.map((slot) => ({ ...slot, inserted: true, image: url }));
  media.served = { file: "/home/alice/ubuntu.iso", url, size: 1_048_576 };
  return { ...fakeConsoles(), media: { "id-web-1": media } };
}

describe("a server's console and media", () => {
  it("links to the console only where the stage allows the KVM", async () => {
    openDetail("in_service");
    renderApp();
    const tools = await section();
    expect(within(tools).getByRole("link", { name: "Open console" })).toHaveAttribute("href", "#/servers/id-web-1/console");
  });

  it("is not offered at all in a stage that allows none of it", async () => {
    openDetail("inventory");
    renderApp();
    expect(await screen.findByRole("region", { name: "Actions" })).toBeInTheDocument();
    // The rules are read by then; nothing of the console appears.
    await waitFor(() => {
      expect(within(screen.getByRole("region", { name: "Actions" })).getByRole("button", { name: "Locator LED on" })).toBeEnabled();
    });
    expect(screen.queryByRole("region", { name: "Console and media" })).not.toBeInTheDocument();
    expect(screen.queryByRole("link", { name: "Open console" })).not.toBeInTheDocument();
  });

  it("mounts an image by URL, set to boot from it once, and shows it mounted", async () => {
    const backend = openDetail("in_service");
    const user = userEvent.setup();
    renderApp();
    const tools = await section();
    const slots = await within(tools).findByRole("table", { name: "Virtual media slots" });
    expect(within(slots).getByRole("row", { name: /Virtual CD/ })).toHaveTextContent("Virtual CDCD, DVDEmptyYes");
    expect(tools).toHaveTextContent("Next boot: the usual boot order");

    const url = "https://files.example.net/ubuntu-24.04.iso";
    await user.type(within(tools).getByRole("textbox", { name: "Image URL" }), url);
    await user.click(within(tools).getByRole("checkbox", { name: "Boot from it once at the next start" }));
    await user.click(within(tools).getByRole("button", { name: "Mount" }));

    await waitFor(() => {
      expect(within(slots).getByRole("row", { name: /Virtual CD/ })).toHaveTextContent(url);
    });
    expect(tools).toHaveTextContent("Next boot: CD (once)");
    expect(backend.calls.find((c) => c.cmd === "insert_media")?.args).toEqual({
      request: { serverId: "id-web-1", source: { kind: "url", value: url }, bootOnce: true },
    });
    expect(backend.audit.at(-1)).toMatchObject({ action: "media_insert", outcome: "ok", target: "web-1" });
  });

  it("mounts a file from this computer picked with the file dialog, and says it is served", async () => {
    const backend = openDetail("in_service", { consoles: { ...fakeConsoles(), chosenFile: "/home/alice/rescue.iso" } });
    const user = userEvent.setup();
    renderApp();
    const tools = await section();
    await user.click(await within(tools).findByRole("radio", { name: "File on this computer" }));
    await user.click(within(tools).getByRole("button", { name: "Choose file…" }));
    await waitFor(() => {
      expect(within(tools).getByRole("textbox", { name: "ISO file" })).toHaveValue("/home/alice/rescue.iso");
    });
    await user.click(within(tools).getByRole("button", { name: "Mount" }));
    expect(
      await within(tools).findByText(
        "Serving /home/alice/rescue.iso to the BMC at http://10.0.0.1:8700/rescue.iso until ejected",
      ),
    ).toBeInTheDocument();
    expect(backend.calls.find((c) => c.cmd === "insert_media")?.args).toMatchObject({
      request: { source: { kind: "file", value: "/home/alice/rescue.iso" }, bootOnce: false },
    });
  });

  it("shows the BMC's refusal of an image URL", async () => {
    openDetail("in_service");
    const user = userEvent.setup();
    renderApp();
    const tools = await section();
    await user.type(await within(tools).findByRole("textbox", { name: "Image URL" }), "file:///etc/passwd");
    await user.click(within(tools).getByRole("button", { name: "Mount" }));
    const alert = await within(tools).findByRole("alert");
    expect(within(alert).getByRole("heading", { name: "The image was not mounted" })).toBeInTheDocument();
    expect(alert).toHaveTextContent("The request was not valid.");
    expect(alert).toHaveTextContent("is not an image URL");
  });

  it("asks before ejecting a mounted image, and ejects only when confirmed", async () => {
    const backend = openDetail("in_service", { consoles: mounted() });
    const user = userEvent.setup();
    renderApp();
    const tools = await section();
    const eject = await within(tools).findByRole("button", { name: "Eject" });
    await user.click(eject);
    const confirm = screen.getByRole("dialog", { name: "Eject ubuntu.iso?" });
    expect(confirm).toHaveTextContent("The server loses the image at once");
    expect(confirm).toHaveTextContent("Racksmith also stops serving /home/alice/ubuntu.iso.");
    await user.click(within(confirm).getByRole("button", { name: "Cancel" }));
    expect(backend.calls.some((c) => c.cmd === "eject_media")).toBe(false);

    await user.click(eject);
    await user.click(within(screen.getByRole("dialog", { name: "Eject ubuntu.iso?" })).getByRole("button", { name: "Eject" }));
    await waitFor(() => {
      expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    });
    const slots = within(tools).getByRole("table", { name: "Virtual media slots" });
    expect(within(slots).getByRole("row", { name: /Virtual CD/ })).toHaveTextContent("Empty");
    expect(tools).not.toHaveTextContent("Serving");
    expect(backend.calls.filter((c) => c.cmd === "eject_media")).toHaveLength(1);
  });

  it("sets the next boot to the CD, once", async () => {
    const backend = openDetail("in_service");
    const user = userEvent.setup();
    renderApp();
    const tools = await section();
    await user.click(await within(tools).findByRole("button", { name: "Boot from CD once" }));
    expect(await within(tools).findByText("Next boot: CD (once)")).toBeInTheDocument();
    expect(backend.calls.find((c) => c.cmd === "boot_once")?.args).toEqual({ request: { serverId: "id-web-1", device: "cd" } });
  });

  it("gives the BMC's address, opens its web UI, and reveals a customer password on request", async () => {
    const backend = openDetail("in_service", { bmcSettings: { "id-web-1": fakeBmcSettingsWithCustomer() } });
    const user = userEvent.setup();
    renderApp();
    const tools = await section();
    expect(await within(tools).findByText("https://10.1.0.11:443")).toBeInTheDocument();
    await user.click(within(tools).getByRole("button", { name: "Open BMC web UI" }));
    expect(await within(tools).findByText("Opened https://10.1.0.11:443/ in your browser.")).toBeInTheDocument();

    const accounts = within(tools).getByRole("table", { name: "Customer accounts" });
    const row = within(accounts).getByRole("row", { name: /cust/ });
    await user.click(within(row).getByRole("button", { name: "Reveal password" }));
    expect(await within(row).findByText(/^Rs-\d+-fake-Pw!$/)).toBeInTheDocument();
    expect(row).toHaveTextContent("It is hidden again after 30 seconds.");
    expect(backend.audit.map((e) => e.action)).toEqual(["bmc_access", "bmc_access", "bmc_password_reveal"]);
  });

  it("reads in Japanese", async () => {
    openDetail("in_service", { settings: { language: "ja", theme: "system" } });
    renderApp();
    const tools = await screen.findByRole("region", { name: "コンソールとメディア" });
    expect(within(tools).getByRole("link", { name: "コンソールを開く" })).toBeInTheDocument();
    expect(await within(tools).findByRole("textbox", { name: "イメージの URL" })).toBeInTheDocument();
    expect(within(tools).getByRole("button", { name: "マウント" })).toBeDisabled();
    expect(tools).toHaveTextContent("次回の起動: 通常の起動順序");
  });
});
