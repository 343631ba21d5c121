// End-to-end: the Building stage in the real window. A RAID 1 walked through
// the wizard appears as a volume (and the lab's BMC lists it); three servers
// built from a profile show their progress per server and end verified.
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";

import { rackctl, startLab } from "./lab.mjs";
import { scratchProfile, withApp } from "./webdriver.mjs";

const button = (text) => `//button[normalize-space(.)='${text}' and not(@disabled)]`;

/** Servers with two healthy free drives of one media, and those drive ids. */
function buildable(profile, servers) {
  const found = [];
  for (const server of servers) {
    const [storage] = rackctl(profile, ["raid", "show", server.name]);
    const free = (media) =>
      storage.drives.filter((d) => d.volume === null && d.health !== "Critical" && d.mediaType === media).map((d) => d.id);
    const drives = free("SSD").length >= 2 ? free("SSD") : free("HDD");
    if (drives.length >= 2) found.push({ server, drives: drives.slice(0, 2) });
  }
  return found;
}

test("walk the RAID wizard to a RAID 1 and see the volume; build three servers from a profile", async () => {
  const scratch = scratchProfile();
  const lab = await startLab(scratch.root, 6, scratch.profile);
  try {
    rackctl(scratch.profile, ["lab", "enrol"]);
    rackctl(scratch.profile, ["bmc", "refresh", "--all"]);
    const candidates = buildable(scratch.profile, rackctl(scratch.profile, ["server", "list"]).servers);
    assert.ok(candidates.length >= 4, `four lab servers can take a mirror, found ${candidates.length}`);
    const [wizard, ...rest] = candidates;
    const builds = rest.slice(0, 3);
    for (const { server } of [wizard, ...builds]) {
      rackctl(scratch.profile, ["stage", "move", server.name, "building"]);
    }
    const profileFile = join(scratch.root, "web.json");
    writeFileSync(
      profileFile,
      JSON.stringify({
        racksmithBuildProfile: 1,
        profile: {
          name: "web",
          description: "web tier",
          bios: { BootMode: "Uefi", ProcVirtualization: "Enabled", PxeRetryCount: 2 },
          raid: { level: "raid1", drives: 2, volumeName: "os" },
          bmc: { hostname: "bmc-{name}", ntpServers: ["ntp1.lab.invalid"], ipmi: false },
        },
      }),
    );
    rackctl(scratch.profile, ["build", "profile", "import", profileFile]);

    await withApp(scratch, async (app) => {
      // The RAID wizard, step by step, to a RAID 1 on two free drives.
      await app.click(await app.find("//nav//a[@href='#/building']", 20_000));
      await app.click(await app.find(`//main//table//a[normalize-space(.)='${wizard.server.name}']`, 30_000));
      await app.click(await app.find(button("Configure RAID"), 30_000));
      await app.click(await app.find(button("Next"), 20_000));
      for (const drive of wizard.drives) {
        await app.click(await app.find(`//input[@type='checkbox' and @aria-label='${drive}']`, 20_000));
      }
      await app.click(await app.find(button("Next")));
      await app.click(await app.find("//label[normalize-space(.)='RAID 1']//input | //input[@type='radio' and @aria-label='RAID 1']"));
      await app.click(await app.find(button("Next")));
      const name = await app.find("//label[contains(normalize-space(.), 'Volume name')]//input | //input[@aria-label='Volume name']");
      await app.type(name, "-boot");
      await app.click(await app.find(button("Next")));
      await app.find("//*[contains(normalize-space(.), 'Usable capacity')]", 20_000);
      await app.click(await app.find(button("Create volume"), 20_000));
      await app.find("//*[normalize-space(.)='Volume created and verified.']", 60_000);
      await app.find("//section[.//h2[normalize-space(.)='RAID']]//table//td[contains(normalize-space(.), 'boot')]", 20_000);

      // Three servers built from the imported profile, progress per server.
      await app.click(await app.find("//nav//a[@href='#/building']"));
      for (const { server } of builds) {
        await app.click(await app.find(`//main//input[@type='checkbox' and @aria-label='Select ${server.name}']`, 30_000));
      }
      await app.click(await app.find(button("Build from profile…"), 20_000));
      const select = await app.find("//dialog//label[contains(normalize-space(.), 'Profile')]//select | //dialog//select[@aria-label='Profile']");
      await app.click(select);
      await app.click(await app.find("//dialog//option[normalize-space(.)='web']"));
      await app.click(await app.find(button("Run preflight")));
      await app.click(await app.find(button("Build 3 servers"), 60_000));
      for (const { server } of builds) {
        await app.find(`//dialog//*[contains(normalize-space(.), '${server.name}')]`, 20_000);
      }
      await app.find("//dialog//*[contains(normalize-space(.), '3 succeeded, 0 failed')]", 180_000);
    });

    const [storage] = rackctl(scratch.profile, ["raid", "show", wizard.server.name]);
    const mirror = storage.volumes.find((v) => v.name.endsWith("boot"));
    assert.ok(mirror, `the lab's BMC lists the new volume: ${JSON.stringify(storage.volumes)}`);
    assert.equal(mirror.raidType, "RAID1");

    const jobs = rackctl(scratch.profile, ["jobs", "list"]);
    const build = jobs.find((j) => j.kind === "build");
    assert.ok(build, "the build ran as a job");
    assert.equal(build.state, "succeeded");
    for (const { server } of builds) {
      const bios = rackctl(scratch.profile, ["bios", "show", server.name]);
      assert.equal(bios.current.ProcVirtualization, "Enabled", `${server.name} has the profile's BIOS values`);
      const [built] = rackctl(scratch.profile, ["raid", "show", server.name]);
      assert.equal(built.volumes.length, 1, `${server.name} has the profile's volume`);
    }
  } finally {
    await lab.stop();
  }
});
