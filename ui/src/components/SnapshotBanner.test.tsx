import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { fakeServer, installFakeBackend } from "../ipc/testing";
import { renderApp } from "../test/render";

const exportedAt = "2026-11-20T08:15:00Z";

function snapshotFile(name = "fleet-2026-11.json") {
  const text = JSON.stringify({
    format: "racksmith-inventory",
    formatVersion: 1,
    exportedAt,
    exportedBy: "bob",
    appVersion: "0.1.0",
    query: {},
    servers: [fakeServer("old-1", "inventory"), fakeServer("old-2", "building")],
  });
  return new File([text], name, { type: "application/json" });
}

function banner() {
  return screen.queryByRole("region", { name: "Snapshot under review" });
}

function stamp(iso: string) {
  return new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso));
}

describe("reviewing a snapshot", () => {
  it("opens an export read-only, says so on every page, and closes back to the profile", async () => {
    window.location.hash = "#/settings";
    const backend = installFakeBackend({ servers: [fakeServer("live-1", "inventory")] });
    const user = userEvent.setup();
    renderApp();
    const review = await screen.findByRole("region", { name: "Review a snapshot" });
    expect(banner()).not.toBeInTheDocument();
    await user.upload(within(review).getByLabelText("Open snapshot for review…"), snapshotFile());

    const shown = await screen.findByRole("region", { name: "Snapshot under review" });
    expect(shown).toHaveTextContent(`Reviewing snapshot fleet-2026-11.json exported by bob at ${stamp(exportedAt)} — read only.`);
    expect(shown).toHaveTextContent("2 servers. Nothing can be changed");
    const call = backend.calls.find((c) => c.cmd === "open_snapshot")?.args as { text: string; label: string };
    expect(call.label).toBe("fleet-2026-11.json");
    expect(JSON.parse(call.text)).toMatchObject({ format: "racksmith-inventory", exportedBy: "bob" });

    // Every query is asked again: the Inventory tab lists the snapshot's servers.
    await user.click(within(screen.getByRole("navigation")).getByRole("link", { name: /^Inventory/ }));
    expect(await screen.findByRole("rowheader", { name: "old-1" })).toBeInTheDocument();
    expect(screen.queryByRole("rowheader", { name: "live-1" })).not.toBeInTheDocument();
    expect(banner()).toBeInTheDocument();
    // A record has no BMC to ask and nothing to enrol into.
    expect(screen.getByRole("button", { name: "Refresh all" })).toBeDisabled();
    expect(screen.getByRole("button", { name: "Add BMC" })).toBeDisabled();

    // Nothing in it can be changed.
    await user.click(screen.getByRole("link", { name: "old-1" }));
    const moves = await screen.findByRole("list", { name: "Move to another stage" });
    const toBuilding = within(moves).getByRole("button", { name: "Move to Building" });
    expect(toBuilding).toBeDisabled();
    // The backend's words only repeat the reason here, so they are said once.
    expect(toBuilding.closest("li")).toHaveTextContent(
      /^Move to BuildingThis is a snapshot opened for review; nothing in it can be changed\.$/,
    );
    expect(screen.getByRole("button", { name: "Edit dates" })).toBeDisabled();
    expect(banner()).toBeInTheDocument();

    await user.click(within(banner() ?? document.body).getByRole("button", { name: "Close snapshot" }));
    await waitFor(() => {
      expect(banner()).not.toBeInTheDocument();
    });
    expect(backend.calls.some((c) => c.cmd === "close_snapshot")).toBe(true);
    await user.click(within(screen.getByRole("navigation")).getByRole("link", { name: /^Inventory/ }));
    expect(await screen.findByRole("rowheader", { name: "live-1" })).toBeInTheDocument();
  });

  it("explains a file that is not an inventory export", async () => {
    window.location.hash = "#/settings";
    installFakeBackend();
    const user = userEvent.setup();
    renderApp();
    const review = await screen.findByRole("region", { name: "Review a snapshot" });
    await user.upload(
      within(review).getByLabelText("Open snapshot for review…"),
      new File(['{"format":"something-else"}'], "notes.json", { type: "application/json" }),
    );
    const alert = await within(review).findByRole("alert");
    expect(within(alert).getByRole("heading", { name: "The snapshot could not be opened" })).toBeInTheDocument();
    expect(alert).toHaveTextContent('invalid_input: notes.json is not a Racksmith inventory export: its format is "something-else"');
    expect(banner()).not.toBeInTheDocument();
  });
});
