import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import type { BuildProfile } from "../../ipc";
import { fakeProfileEntry, fakeProfiles } from "../../ipc/fakeProfiles";
import { installFakeBackend } from "../../ipc/testing";
import { renderApp } from "../../test/render";

const web: BuildProfile = {
  name: "web",
  description: "web tier",
  bios: { BootMode: "Uefi", ProcVirtualization: "Enabled", PxeRetryCount: 2 },
  raid: { level: "raid1", drives: 2, media: "ssd", volumeName: "os" },
  bmc: { hostname: "bmc-{name}", ntpServers: ["ntp1.lab.invalid"], ipmi: false },
};

async function profileTable() {
  return screen.findByRole("table", { name: "Build profiles" });
}

describe("the Build profiles page", () => {
  it("is in the menu and lists each profile's RAID layout, BIOS values and last change", async () => {
    window.location.hash = "#/profiles";
    installFakeBackend({ profiles: fakeProfiles([fakeProfileEntry(web, "bob")]) });
    renderApp();
    expect(await screen.findByRole("heading", { level: 1, name: "Build profiles" })).toBeInTheDocument();
    expect(within(screen.getByRole("navigation")).getByRole("link", { name: "Build profiles" })).toHaveAttribute(
      "aria-current",
      "page",
    );
    const row = within(await profileTable()).getByRole("row", { name: /^web/ });
    expect(row).toHaveTextContent("webweb tierRAID 1 on 2 SSD3");
    expect(row).toHaveTextContent("by bob");
    for (const name of ["Edit", "Export", "Delete"]) expect(within(row).getByRole("button", { name })).toBeEnabled();
  });

  it("shows the backend's problem with a field and saves nothing, then saves the fixed profile into the list", async () => {
    window.location.hash = "#/profiles";
    const backend = installFakeBackend();
    const user = userEvent.setup();
    renderApp();
    expect(await screen.findByText(/No build profiles yet/)).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "New profile" }));
    const editor = screen.getByRole("region", { name: "New build profile" });
    await user.type(within(editor).getByRole("textbox", { name: "Name" }), "db");
    await user.type(within(editor).getByRole("textbox", { name: "BIOS attribute 1" }), "ProcVirtualization");
    await user.type(within(editor).getByRole("textbox", { name: "Value of BIOS attribute 1" }), "Enabled");
    await user.click(within(editor).getByRole("button", { name: "Add BIOS value" }));
    await user.type(within(editor).getByRole("textbox", { name: "BIOS attribute 2" }), "PxeRetryCount");
    await user.type(within(editor).getByRole("textbox", { name: "Value of BIOS attribute 2" }), "2");
    await user.click(within(editor).getByRole("button", { name: "Add BIOS value" }));
    await user.type(within(editor).getByRole("textbox", { name: "BIOS attribute 3" }), "Dropped");
    await user.click(within(editor).getByRole("button", { name: "Remove BIOS value 3" }));
    await user.selectOptions(within(editor).getByRole("combobox", { name: "RAID level" }), "raid1");
    await user.selectOptions(within(editor).getByRole("combobox", { name: "Drive kind" }), "ssd");
    await user.type(within(editor).getByRole("textbox", { name: "Volume name" }), "os");
    await user.click(within(editor).getByRole("checkbox", { name: "Replace existing volumes" }));
    expect(within(editor).getByRole("note")).toHaveTextContent("all data on them is lost");
    await user.type(within(editor).getByRole("textbox", { name: "Host name template" }), "bmc-{{name}");
    const dns = within(editor).getByRole("textbox", { name: "DNS servers" });
    await user.type(dns, "8.8.8");
    await user.click(within(editor).getByRole("checkbox", { name: "Get the BMC's address by DHCP" }));
    await user.type(within(editor).getByRole("textbox", { name: "Customer account user name" }), "customer");
    await user.click(within(editor).getByRole("button", { name: "Save profile" }));

    const alert = await within(editor).findByRole("alert");
    expect(alert).toHaveTextContent("The profile was not saved");
    expect(within(alert).getByRole("list", { name: "Problems to fix" })).toHaveTextContent(
      'DNS servers: "8.8.8" is not an IPv4 address',
    );
    expect(dns).toHaveAttribute("aria-invalid", "true");
    expect(backend.profiles.entries).toHaveLength(0);

    await user.clear(dns);
    await user.type(dns, "8.8.8.8, 1.1.1.1");
    await user.click(within(editor).getByRole("button", { name: "Save profile" }));
    expect(await screen.findByText("Profile db saved.")).toBeInTheDocument();
    const row = within(await profileTable()).getByRole("row", { name: /^db/ });
    expect(row).toHaveTextContent("RAID 1 on 2 SSD2");
    expect(backend.profiles.entries.map((e) => e.profile)).toEqual([
      {
        name: "db",
        description: null,
        bios: { ProcVirtualization: "Enabled", PxeRetryCount: 2 },
        raid: {
          level: "raid1",
          drives: 2,
          media: "ssd",
          minDriveBytes: null,
          spans: null,
          hotSpares: 0,
          volumeName: "os",
          replaceExisting: true,
        },
        bmc: {
          hostname: "bmc-{name}",
          ntpServers: null,
          dnsServers: ["8.8.8.8", "1.1.1.1"],
          network: { mode: "dhcp" },
          ipmi: false,
          ssh: null,
          kvm: null,
          account: { username: "customer", role: "Administrator" },
        },
        minBiosVersion: null,
        minBmcVersion: null,
      },
    ]);
  });

  it("names a bad number in the form before asking the backend", async () => {
    window.location.hash = "#/profiles";
    const backend = installFakeBackend();
    const user = userEvent.setup();
    renderApp();
    await user.click(await screen.findByRole("button", { name: "New profile" }));
    const editor = screen.getByRole("region", { name: "New build profile" });
    await user.type(within(editor).getByRole("textbox", { name: "Name" }), "x");
    await user.type(within(editor).getByRole("textbox", { name: "Value of BIOS attribute 1" }), "Enabled");
    await user.click(within(editor).getByRole("button", { name: "Save profile" }));
    expect(within(editor).getByRole("alert")).toHaveTextContent("BIOS values: row 1 has a value but no attribute name");
    expect(backend.calls.some((c) => c.cmd === "save_build_profile")).toBe(false);
  });

  it("edits a profile keeping what it left unset, exports it, and deletes it only after asking", async () => {
    window.location.hash = "#/profiles";
    const backend = installFakeBackend({ profiles: fakeProfiles([fakeProfileEntry(web)]) });
    const user = userEvent.setup();
    renderApp();
    const row = within(await profileTable()).getByRole("row", { name: /^web/ });
    await user.click(within(row).getByRole("button", { name: "Export" }));
    expect(await screen.findByText("Saved profile web to /home/alice/Downloads/racksmith-profile-web.json")).toBeInTheDocument();

    await user.click(within(row).getByRole("button", { name: "Edit" }));
    const editor = screen.getByRole("region", { name: "Edit build profile web" });
    expect(within(editor).getByRole("textbox", { name: "Value of BIOS attribute 3" })).toHaveValue("2");
    expect(within(editor).getByRole("checkbox", { name: "Enable SSH" })).not.toBeChecked();
    expect(within(editor).getAllByText("Not set: left as each BMC has it.")).toHaveLength(2);
    const name = within(editor).getByRole("textbox", { name: "Name" });
    await user.clear(name);
    await user.type(name, "web2");
    await user.click(within(editor).getByRole("checkbox", { name: "Enable the KVM console" }));
    await user.click(within(editor).getByRole("button", { name: "Save profile" }));
    expect(await screen.findByText("Profile web2 saved.")).toBeInTheDocument();
    const saved = backend.calls.find((c) => c.cmd === "save_build_profile")?.args as {
      profile: BuildProfile;
      replacing: string | null;
    };
    expect(saved.replacing).toBe("web");
    expect(saved.profile.bmc).toMatchObject({ ipmi: false, ssh: null, kvm: true, ntpServers: ["ntp1.lab.invalid"] });
    expect(saved.profile.bios).toEqual(web.bios);
    expect(backend.profiles.entries.map((e) => e.profile.name)).toEqual(["web2"]);

    const table = await profileTable();
    await user.click(within(within(table).getByRole("row", { name: /^web2/ })).getByRole("button", { name: "Delete" }));
    const confirm = screen.getByRole("dialog", { name: "Delete build profile web2?" });
    expect(backend.calls.some((c) => c.cmd === "delete_build_profile")).toBe(false);
    await user.click(within(confirm).getByRole("button", { name: "Delete profile" }));
    expect(await screen.findByText("Profile web2 deleted.")).toBeInTheDocument();
    expect(backend.profiles.entries).toHaveLength(0);
    expect(await screen.findByText(/No build profiles yet/)).toBeInTheDocument();
  });

  it("imports a profile file, and says why a file that is not one is refused", async () => {
    window.location.hash = "#/profiles";
    const backend = installFakeBackend();
    const user = userEvent.setup();
    renderApp();
    await user.click(await screen.findByRole("button", { name: "Import profile…" }));
    const dialog = screen.getByRole("dialog", { name: "Import a build profile" });
    await user.upload(within(dialog).getByLabelText("Profile file"), new File(["{}"], "nope.json"));
    await waitFor(() => {
      expect(within(dialog).getByRole("button", { name: "Import" })).toBeEnabled();
    });
    await user.click(within(dialog).getByRole("button", { name: "Import" }));
    expect(await within(dialog).findByRole("alert")).toHaveTextContent("the file is not a Racksmith build profile");

    const file = JSON.stringify({ racksmithBuildProfile: 1, profile: web });
    await user.upload(within(dialog).getByLabelText("Profile file"), new File([file], "web.json"));
    await waitFor(() => {
      expect(within(dialog).queryByRole("alert")).not.toBeInTheDocument();
    });
    await user.click(within(dialog).getByRole("button", { name: "Import" }));
    expect(await screen.findByText("Profile web imported.")).toBeInTheDocument();
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(within(await profileTable()).getByRole("row", { name: /^web/ })).toHaveTextContent("RAID 1 on 2 SSD");
    expect(backend.audit.map((e) => `${e.action}:${e.target ?? ""}`)).toEqual(["profile_save:web"]);
  });

  it("reads in Japanese", async () => {
    window.location.hash = "#/profiles";
    installFakeBackend({
      profiles: fakeProfiles([fakeProfileEntry(web)]),
      settings: { language: "ja", theme: "system" },
    });
    renderApp();
    expect(await screen.findByRole("heading", { level: 1, name: "ビルドプロファイル" })).toBeInTheDocument();
    const table = await screen.findByRole("table", { name: "ビルドプロファイル一覧" });
    expect(within(table).getByRole("row", { name: /^web/ })).toHaveTextContent("RAID 1（SSD 2 台）");
    expect(within(table).getByRole("button", { name: "編集" })).toBeInTheDocument();
  });
});
