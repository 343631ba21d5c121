import { screen, waitFor, within } from "@testing-library/react";
import userEvent, { type UserEvent } from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import type { ServerSummary, StorageView } from "../../ipc";
import { fakeDrive, fakeStorage, fakeVolume } from "../../ipc/fakeRaid";
import { fakeServer, installFakeBackend, type FakeBackend } from "../../ipc/testing";
import { renderApp } from "../../test/render";

const GB960 = 960_000_000_000;
const TB192 = 1_920_000_000_000;

/** Two free SSDs, two SSDs in a mirror called "data", a failed SSD and a big HDD;
 *  the controller offers neither RAID 6 nor RAID 50 nor RAID 60. */
function controller(): StorageView {
  const drives = [
    fakeDrive("Disk.Bay.0", GB960),
    fakeDrive("Disk.Bay.1", GB960),
    fakeDrive("Disk.Bay.2", TB192),
    fakeDrive("Disk.Bay.3", TB192),
    fakeDrive("Disk.Bay.4", GB960, { health: "Critical" }),
    fakeDrive("Disk.Bay.5", 4_000_000_000_000, { mediaType: "HDD", model: "ST4000NM" }),
  ];
  const data = fakeVolume("Volume1", "data", "RAID1", [drives[2], drives[3]].filter((d) => d !== undefined), TB192);
  return fakeStorage(drives, { raidTypes: ["RAID0", "RAID1", "RAID5", "RAID10"], volumes: [data] });
}

function openDetail(stage: ServerSummary["stage"], overrides: Partial<FakeBackend> = {}) {
  const server = fakeServer("web-1", stage);
  window.location.hash = `#/servers/${server.id}`;
  return installFakeBackend({ servers: [server], storage: { [server.id]: [controller()] }, ...overrides });
}

async function raidSection() {
  return screen.findByRole("region", { name: "RAID" });
}

async function openWizard(user: UserEvent) {
  const section = await raidSection();
  const configure = within(section).getByRole("button", { name: "Configure RAID" });
  await waitFor(() => {
    expect(configure).toBeEnabled();
  });
  await user.click(configure);
  return within(section).getByRole("region", { name: "Configure RAID" });
}

function next(wizard: HTMLElement) {
  return within(wizard).getByRole("button", { name: "Next" });
}

function create(wizard: HTMLElement) {
  return within(wizard).getByRole("button", { name: "Create volume" });
}

/** From the controller step through drives and level to the volume step. */
async function walkToVolume(user: UserEvent, wizard: HTMLElement, drives: string[], level: string, spares: string[] = []) {
  // One controller: chosen already.
  expect(within(wizard).getByRole("radio", { name: "PERC H755 (supported: RAID 0, RAID 1, RAID 5, RAID 10)" })).toBeChecked();
  await user.click(next(wizard));
  expect(next(wizard)).toBeDisabled();
  for (const id of drives) await user.click(within(wizard).getByRole("checkbox", { name: id }));
  for (const id of spares) await user.click(within(wizard).getByRole("checkbox", { name: `Hot spare ${id}` }));
  await user.click(next(wizard));
  expect(next(wizard)).toBeDisabled();
  await user.click(within(wizard).getByRole("radio", { name: level }));
  await user.click(next(wizard));
}

function volumeRows(section: HTMLElement) {
  const table = within(section).getByRole("table", { name: "Volumes" });
  return within(table)
    .getAllByRole("row")
    .slice(1)
    .map((row) => row.textContent);
}

describe("the RAID section", () => {
  it("walks the wizard to a RAID 1 on two drives, shows what it gives, and lists the new volume", async () => {
    const backend = openDetail("building");
    const user = userEvent.setup();
    renderApp();
    const section = await raidSection();
    await waitFor(() => {
      expect(volumeRows(section)).toEqual(["dataRAID 11.92 TBDisk.Bay.2, Disk.Bay.3"]);
    });
    expect(section).toHaveTextContent("Supported: RAID 0, RAID 1, RAID 5, RAID 10. 3 of 6 drives are free.");

    const wizard = await openWizard(user);
    expect(within(wizard).getByRole("heading", { name: "Step 1 of 6: Controller" })).toHaveFocus();
    await user.click(next(wizard));
    // The bay map: capacity in decimal units, media, health, and free or in which volume.
    expect(within(wizard).getByRole("checkbox", { name: "Disk.Bay.0" })).toHaveAccessibleDescription("SSD · 960 GB · OK PM893 Free");
    expect(within(wizard).getByRole("checkbox", { name: "Disk.Bay.2" })).toHaveAccessibleDescription(
      "SSD · 1.92 TB · OK PM893 In volume data",
    );
    expect(within(wizard).getByRole("checkbox", { name: "Disk.Bay.5" })).toHaveAccessibleDescription("HDD · 4 TB · OK ST4000NM Free");
    await user.click(within(wizard).getByRole("button", { name: "Back" }));

    await walkToVolume(user, wizard, ["Disk.Bay.0", "Disk.Bay.1"], "RAID 1");
    const name = within(wizard).getByRole("textbox", { name: "Volume name" });
    expect(name).toHaveValue("volume1");
    await user.clear(name);
    expect(next(wizard)).toBeDisabled();
    await user.type(name, "boot");
    await user.click(next(wizard));

    const facts = await within(wizard).findByText("Usable capacity");
    expect(facts.nextElementSibling).toHaveTextContent("960 GB");
    expect(wizard).toHaveTextContent("Raw capacity1.92 TB");
    expect(wizard).toHaveTextContent("Drive failuresSurvives 1 drive failure(s)");
    expect(wizard).toHaveTextContent("LayoutRAID 1, 2 drives, 1 span(s)");
    expect(wizard).toHaveTextContent("Hot sparesNone");
    expect(within(wizard).queryByText("Warnings")).not.toBeInTheDocument();
    await user.click(create(wizard));

    expect(await within(wizard).findByText("Volume created and verified.")).toBeInTheDocument();
    const created = within(wizard).getByRole("table", { name: "New volume" });
    expect(within(created).getAllByRole("row")[1]).toHaveTextContent("bootRAID 1960 GBDisk.Bay.0, Disk.Bay.1");
    expect(backend.calls.find((c) => c.cmd === "apply_raid")?.args).toEqual({
      serverId: "id-web-1",
      apply: {
        storageId: "RAID.1",
        level: "raid1",
        drives: ["Disk.Bay.0", "Disk.Bay.1"],
        hotSpares: [],
        spans: null,
        name: "boot",
        capacityBytes: null,
        stripSizeBytes: null,
        writeCachePolicy: null,
        readCachePolicy: null,
        deleteVolumes: [],
      },
    });
    // The section's own table reads the storage again and shows it.
    await waitFor(() => {
      expect(volumeRows(section)).toEqual([
        "dataRAID 11.92 TBDisk.Bay.2, Disk.Bay.3",
        "bootRAID 1960 GBDisk.Bay.0, Disk.Bay.1",
      ]);
    });
    expect(backend.audit.at(-1)).toMatchObject({ action: "raid_apply", outcome: "ok", target: "web-1" });

    await user.click(within(wizard).getByRole("button", { name: "Close" }));
    expect(within(section).queryByRole("region", { name: "Configure RAID" })).not.toBeInTheDocument();
    expect(within(section).getByRole("button", { name: "Configure RAID" })).toBeEnabled();
    expect(within(section).getByRole("button", { name: "Configure RAID" })).toHaveFocus();
  });

  it("shows why RAID 5 on two drives cannot be built, and keeps Create disabled", async () => {
    const backend = openDetail("building");
    const user = userEvent.setup();
    renderApp();
    const wizard = await openWizard(user);
    await walkToVolume(user, wizard, ["Disk.Bay.0", "Disk.Bay.1"], "RAID 5");
    await user.click(next(wizard));

    const refusal = await within(wizard).findByRole("alert");
    expect(refusal).toHaveTextContent("This RAID layout cannot be built with these drives.");
    expect(refusal).toHaveTextContent("RAID 5 needs at least 3 drives; 2 were given");
    expect(within(wizard).queryByText("Usable capacity")).not.toBeInTheDocument();
    expect(create(wizard)).toBeDisabled();

    // Back to the drives: a third makes it possible.
    await user.click(within(wizard).getByRole("button", { name: "Back" }));
    await user.click(within(wizard).getByRole("button", { name: "Back" }));
    await user.click(within(wizard).getByRole("button", { name: "Back" }));
    await user.click(within(wizard).getByRole("checkbox", { name: "Disk.Bay.5" }));
    for (let i = 0; i < 3; i++) await user.click(next(wizard));
    const usable = await within(wizard).findByText("Usable capacity");
    expect(usable.nextElementSibling).toHaveTextContent("1.92 TB");
    expect(wizard).toHaveTextContent("The drives differ in size: each is used only up to the size of the smallest.");
    expect(wizard).toHaveTextContent("each is used as 960 GB and 3.04 TB go unused");
    expect(wizard).toHaveTextContent("HDDs and SSDs are mixed");
    await waitFor(() => {
      expect(create(wizard)).toBeEnabled();
    });
    expect(backend.calls.some((c) => c.cmd === "apply_raid")).toBe(false);
  });

  it("asks to confirm deleting a volume whose drives are chosen, and deletes only then", async () => {
    const backend = openDetail("building");
    const user = userEvent.setup();
    renderApp();
    const section = await raidSection();
    const wizard = await openWizard(user);
    await walkToVolume(user, wizard, ["Disk.Bay.2", "Disk.Bay.3"], "RAID 0");
    await user.click(next(wizard));

    const confirm = await within(wizard).findByRole("checkbox", { name: "Delete volume data and all data on it" });
    expect(wizard).toHaveTextContent("everything on them is lost");
    expect(wizard).toHaveTextContent("RAID 0 survives no drive failure: losing any drive loses the volume.");
    expect(wizard).toHaveTextContent("Drive failuresSurvives no drive failure");
    expect(create(wizard)).toBeDisabled();
    await user.click(confirm);
    expect(create(wizard)).toBeEnabled();
    await user.click(confirm);
    expect(create(wizard)).toBeDisabled();
    await user.click(confirm);
    await user.click(create(wizard));

    expect(await within(wizard).findByText("Volume created and verified.")).toBeInTheDocument();
    expect(wizard).toHaveTextContent("Deleted first: data.");
    expect(backend.calls.find((c) => c.cmd === "apply_raid")?.args).toMatchObject({
      apply: { level: "raid0", drives: ["Disk.Bay.2", "Disk.Bay.3"], deleteVolumes: ["Volume1"] },
    });
    await waitFor(() => {
      expect(volumeRows(section)).toEqual(["volume1RAID 03.84 TBDisk.Bay.2, Disk.Bay.3"]);
    });
  });

  it("does not let a failed drive be picked, as a member or as a hot spare", async () => {
    openDetail("building");
    const user = userEvent.setup();
    renderApp();
    const wizard = await openWizard(user);
    await user.click(next(wizard));
    const failed = within(wizard).getByRole("checkbox", { name: "Disk.Bay.4" });
    expect(failed).toBeDisabled();
    expect(failed).toHaveAccessibleDescription(/Critical .*Failed: it cannot join a volume or stand by as a hot spare\./);
    expect(within(wizard).getByRole("checkbox", { name: "Hot spare Disk.Bay.4" })).toBeDisabled();
    await user.click(failed);
    expect(failed).not.toBeChecked();
    expect(next(wizard)).toBeDisabled();
  });

  it("keeps a hot spare apart from the members and lists levels the controller lacks as not offered", async () => {
    const backend = openDetail("building");
    const user = userEvent.setup();
    renderApp();
    const wizard = await openWizard(user);
    await user.click(next(wizard));
    // A member picked as a spare stops being a member.
    await user.click(within(wizard).getByRole("checkbox", { name: "Disk.Bay.0" }));
    await user.click(within(wizard).getByRole("checkbox", { name: "Hot spare Disk.Bay.0" }));
    expect(within(wizard).getByRole("checkbox", { name: "Disk.Bay.0" })).not.toBeChecked();
    expect(wizard).toHaveTextContent("0 drives chosen, 1 hot spares.");
    await user.click(within(wizard).getByRole("checkbox", { name: "Disk.Bay.1" }));
    await user.click(within(wizard).getByRole("checkbox", { name: "Disk.Bay.5" }));
    await user.click(next(wizard));

    for (const level of ["RAID 6", "RAID 50", "RAID 60"]) {
      const radio = within(wizard).getByRole("radio", { name: level });
      expect(radio).toBeDisabled();
      expect(radio).toHaveAccessibleDescription("Not offered by this controller");
    }
    expect(within(wizard).getByRole("radio", { name: "RAID 10" })).toBeEnabled();
    await user.click(within(wizard).getByRole("radio", { name: "RAID 1" }));
    await user.click(next(wizard));
    // Only what the controller offers is asked.
    await user.selectOptions(within(wizard).getByRole("combobox", { name: "Strip size" }), "256 KiB");
    await user.selectOptions(within(wizard).getByRole("combobox", { name: "Write cache policy" }), "WriteThrough");
    await user.click(within(wizard).getByRole("radio", { name: "A size in GB" }));
    await user.type(within(wizard).getByRole("textbox", { name: "Size (GB)" }), "500");
    await user.click(next(wizard));

    expect(await within(wizard).findByText("Usable capacity")).toBeInTheDocument();
    expect(wizard).toHaveTextContent("Hot sparesDisk.Bay.0");
    expect(wizard).toHaveTextContent("Size500 GB");
    await user.click(create(wizard));
    expect(await within(wizard).findByText("Volume created and verified.")).toBeInTheDocument();
    expect(backend.calls.find((c) => c.cmd === "apply_raid")?.args).toMatchObject({
      apply: {
        drives: ["Disk.Bay.1", "Disk.Bay.5"],
        hotSpares: ["Disk.Bay.0"],
        capacityBytes: 500_000_000_000,
        stripSizeBytes: 262_144,
        writeCachePolicy: "WriteThrough",
        readCachePolicy: null,
      },
    });
    expect(within(wizard).getByRole("table", { name: "New volume" })).toHaveTextContent(
      "volume1RAID 1500 GBDisk.Bay.1, Disk.Bay.5, Disk.Bay.0 (hot spare)",
    );
  });

  it("shows a failure to create and lets the user go back to the review", async () => {
    openDetail("building", {
      failOnce: { apply_raid: { code: "verify_failed", message: "volume Volume2 reads back as RAID0, not RAID1" } },
    });
    const user = userEvent.setup();
    renderApp();
    const wizard = await openWizard(user);
    await walkToVolume(user, wizard, ["Disk.Bay.0", "Disk.Bay.1"], "RAID 1");
    await user.click(next(wizard));
    await waitFor(() => {
      expect(create(wizard)).toBeEnabled();
    });
    await user.click(create(wizard));

    const alert = await within(wizard).findByRole("alert");
    expect(within(alert).getByRole("heading", { name: "The volume could not be created" })).toBeInTheDocument();
    expect(alert).toHaveTextContent("The server did not read back what was asked of it (the change did not take).");
    expect(alert).toHaveTextContent("verify_failed: volume Volume2 reads back as RAID0, not RAID1");
    await user.click(within(wizard).getByRole("button", { name: "Back" }));
    await waitFor(() => {
      expect(create(wizard)).toBeEnabled();
    });
    await user.click(create(wizard));
    expect(await within(wizard).findByText("Volume created and verified.")).toBeInTheDocument();
  });

  it("disables Configure RAID outside Building and says why, still showing the volumes", async () => {
    openDetail("in_service");
    renderApp();
    const section = await raidSection();
    const configure = within(section).getByRole("button", { name: "Configure RAID" });
    await waitFor(() => {
      expect(configure).toHaveAccessibleDescription(
        "This may reboot a server that is in service. Move it to Maintenance first; moving does not reboot it. " +
          "web-1 is in service and raid_build may reboot it; move it to Maintenance first (moving does not reboot)",
      );
    });
    expect(configure).toBeDisabled();
    await waitFor(() => {
      expect(volumeRows(section)).toEqual(["dataRAID 11.92 TBDisk.Bay.2, Disk.Bay.3"]);
    });
  });

  it("refuses in Inventory with the stage's reason, and reads in Japanese", async () => {
    openDetail("inventory", { settings: { language: "ja", theme: "system" } });
    renderApp();
    const section = await screen.findByRole("region", { name: "RAID" });
    const configure = within(section).getByRole("button", { name: "RAID を構成" });
    await waitFor(() => {
      expect(configure.closest("li")).toHaveTextContent("raid_build is not allowed in Inventory (web-1)");
    });
    expect(configure).toBeDisabled();
    expect(await within(section).findByRole("table", { name: "ボリューム" })).toHaveTextContent("RAID レベル");
  });
});
