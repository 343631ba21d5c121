import { screen, waitFor, within } from "@testing-library/react";
import userEvent, { type UserEvent } from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import type { BuildProfile } from "../../ipc";
import { fakeProfileEntry, fakeProfiles } from "../../ipc/fakeProfiles";
import { fakeServer, installFakeBackend } from "../../ipc/testing";
import { renderApp } from "../../test/render";

const web: BuildProfile = {
  name: "web",
  bios: { BootMode: "Uefi", ProcVirtualization: "Enabled", PxeRetryCount: 2 },
  raid: { level: "raid1", drives: 2, volumeName: "os" },
  bmc: { hostname: "bmc-{name}", ipmi: false },
};

function held(): { promise: Promise<void>; release: () => void } {
  let release = () => {};
  const promise = new Promise<void>((resolve) => {
    release = resolve;
  });
  return { promise, release };
}

function building(...names: string[]) {
  return names.map((name) => fakeServer(name, "building"));
}

async function openBuild(user: UserEvent, names: readonly string[]) {
  const table = await screen.findByRole("table", { name: "Servers on this tab" });
  for (const name of names) await user.click(within(table).getByRole("checkbox", { name: `Select ${name}` }));
  await user.click(screen.getByRole("button", { name: "Build from profile…" }));
  return screen.getByRole("dialog", { name: "Build from a profile" });
}

describe("building servers from a profile", () => {
  it("is offered on the Building tab only, for selected servers", async () => {
    window.location.hash = "#/inventory";
    installFakeBackend({ servers: [fakeServer("inv-1", "inventory")] });
    const user = userEvent.setup();
    renderApp();
    const table = await screen.findByRole("table", { name: "Servers on this tab" });
    await user.click(within(table).getByRole("checkbox", { name: "Select inv-1" }));
    expect(screen.queryByRole("button", { name: "Build from profile…" })).not.toBeInTheDocument();
  });

  it("leaves out a server that fails the preflight and shows each built server's progress", async () => {
    window.location.hash = "#/building";
    const gate = held();
    const profiles = fakeProfiles([fakeProfileEntry(web)]);
    profiles.preflight["id-bld-2"] = [
      { check: "raid_level", ok: true, message: "the controller supports RAID1" },
      { check: "drives", ok: false, message: "needs 2 healthy free drives; the server has 1" },
    ];
    const backend = installFakeBackend({
      servers: building("bld-1", "bld-2", "bld-3"),
      profiles,
      jobGate: () => gate.promise,
    });
    const user = userEvent.setup();
    renderApp();
    const dialog = await openBuild(user, ["bld-1", "bld-2", "bld-3"]);
    expect(within(dialog).getByRole("button", { name: "Run preflight" })).toBeDisabled();
    await user.selectOptions(await within(dialog).findByRole("combobox", { name: "Profile" }), "web");
    expect(dialog).toHaveTextContent("Sets 3 BIOS values and reboots the server to apply them.");
    await user.click(within(dialog).getByRole("button", { name: "Run preflight" }));

    const checks = await within(dialog).findByRole("table", { name: "Preflight per server" });
    expect(within(checks).getByRole("row", { name: /^bld-2/ })).toHaveTextContent(
      "bld-2FailedPassed RAID level: the controller supports RAID1Failed Drives: needs 2 healthy free drives; the server has 1",
    );
    expect(within(checks).getByRole("row", { name: /^bld-1/ })).toHaveTextContent(/^bld-1Passed/);
    expect(within(dialog).getByText("2 of 3 servers passed the preflight.")).toBeInTheDocument();
    expect(within(dialog).getByRole("list", { name: "Skipped servers" })).toHaveTextContent(/^bld-2$/);
    expect(backend.calls.some((c) => c.cmd === "start_job")).toBe(false);

    await user.click(within(dialog).getByRole("button", { name: "Build 2 servers" }));
    expect(await within(dialog).findByText("0 of 2 servers done")).toBeInTheDocument();
    const results = within(dialog).getByRole("table", { name: "Result per server" });
    await waitFor(() => {
      expect(within(results).getByRole("row", { name: /bld-3/ })).toHaveTextContent("bld-3Runningverifying");
    });
    expect(within(results).queryByRole("row", { name: /bld-2/ })).not.toBeInTheDocument();
    expect(within(dialog).getByRole("button", { name: "Build 2 servers" })).toBeDisabled();

    gate.release();
    expect(await within(dialog).findByText("Job finished (Succeeded): 2 succeeded, 0 failed.")).toBeInTheDocument();
    expect(within(results).getByRole("row", { name: /bld-1/ })).toHaveTextContent(
      "bld-1Succeededverified: BMC settings, RAID1 volume os, 3 BIOS values",
    );
    expect(within(dialog).getByRole("link", { name: "Open this job on the Jobs page" })).toHaveAttribute(
      "href",
      "#/jobs/job-1",
    );
    const started = backend.calls.filter((c) => c.cmd === "start_job").map((c) => (c.args as { request: unknown }).request);
    expect(started).toEqual([{ kind: { kind: "build", profile: web }, servers: ["id-bld-1", "id-bld-3"] }]);
    expect(backend.jobs[0]?.record.kind).toBe("build");

    // Closed, the dialog leaves the job's results on the tab.
    await user.click(within(dialog).getByRole("button", { name: "Close" }));
    expect(screen.getByText("Job finished (Succeeded): 2 succeeded, 0 failed.")).toBeInTheDocument();
  });

  it("says why a server could not be read, and builds nothing when no server passed", async () => {
    window.location.hash = "#/building";
    const profiles = fakeProfiles([fakeProfileEntry(web)]);
    profiles.preflight["id-bld-1"] = { code: "bmc_unreachable", message: "https://10.0.0.1: connection refused" };
    installFakeBackend({ servers: building("bld-1"), profiles });
    const user = userEvent.setup();
    renderApp();
    const dialog = await openBuild(user, ["bld-1"]);
    await user.selectOptions(await within(dialog).findByRole("combobox", { name: "Profile" }), "web");
    await user.click(within(dialog).getByRole("button", { name: "Run preflight" }));
    const checks = await within(dialog).findByRole("table", { name: "Preflight per server" });
    expect(within(checks).getByRole("row", { name: /^bld-1/ })).toHaveTextContent(
      "bld-1Not readThe BMC could not be reached: it refused the connection or is not on the network. https://10.0.0.1: connection refused",
    );
    expect(within(dialog).getByRole("button", { name: "Build 0 servers" })).toBeDisabled();
  });

  it("reads in Japanese", async () => {
    window.location.hash = "#/building";
    installFakeBackend({
      servers: building("bld-1", "bld-2"),
      profiles: fakeProfiles([fakeProfileEntry(web)]),
      settings: { language: "ja", theme: "system" },
    });
    const user = userEvent.setup();
    renderApp();
    const table = await screen.findByRole("table", { name: "このタブのサーバー" });
    await user.click(within(table).getByRole("checkbox", { name: "bld-1 を選択" }));
    await user.click(within(table).getByRole("checkbox", { name: "bld-2 を選択" }));
    await user.click(screen.getByRole("button", { name: "プロファイルから構築…" }));
    const dialog = screen.getByRole("dialog", { name: "プロファイルから構築" });
    await user.selectOptions(await within(dialog).findByRole("combobox", { name: "プロファイル" }), "web");
    await user.click(within(dialog).getByRole("button", { name: "事前チェックを実行" }));
    expect(await within(dialog).findByText("2 台中 2 台が事前チェックに合格しました。")).toBeInTheDocument();
    expect(within(dialog).getByRole("button", { name: "2 台のサーバーを構築" })).toBeEnabled();
  });
});
