// End-to-end: a lab server deleted in the real window. Its move menu's Deletion
// opens the typed confirmation (Delete stays disabled until the name is typed
// exactly); the pipeline is watched step by step as the drives are erased; the
// server returns to Inventory and its erasure certificate opens and is saved as
// a Japanese PDF, which `rackctl` and the audit log agree with.
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";

import { rackctl, startLab } from "./lab.mjs";
import { scratchProfile, withApp } from "./webdriver.mjs";

// lab-0003 has one 4 TB disk (an overwrite: 10 s at this time scale) and three SSDs.
const SERVER = "lab-0003";
const testId = (id) => `//*[@data-testid='${id}']`;
const step = (name, state) => `${testId(`deletion-step-${name}`)}[@data-state='${state}']`;

test("delete a lab server through the typed confirmation, watch the pipeline, open the certificate", async () => {
  const scratch = scratchProfile();
  // Saved files go to a Downloads folder of the test's own.
  const downloads = join(scratch.root, "downloads");
  mkdirSync(downloads, { recursive: true });
  mkdirSync(join(scratch.root, "xdg-config"), { recursive: true });
  writeFileSync(join(scratch.root, "xdg-config", "user-dirs.dirs"), `XDG_DOWNLOAD_DIR="${downloads}"\n`);
  const lab = await startLab(scratch.root, 3, scratch.profile, { timeScale: 0.0005 });
  try {
    rackctl(scratch.profile, ["lab", "enrol"]);
    for (const stage of ["building", "in-service"]) rackctl(scratch.profile, ["stage", "move", SERVER, stage]);

    await withApp(scratch, async (app) => {
      await app.click(await app.find("//nav//a[@href='#/in-service']", 30_000));
      await app.click(await app.find(`//main//table//a[normalize-space(.)='${SERVER}']`, 30_000));
      await app.find(`//main//h1[normalize-space(.)='${SERVER}']`);

      // Deletion in the move menu asks for the typed confirmation, not a plain move.
      await app.click(
        await app.find("//ul[@aria-label='Move to another stage']//button[normalize-space(.)='Move to Deletion' and not(@disabled)]", 20_000),
      );
      await app.find("//dialog[@open]//*[contains(., 'It cannot be recovered.')]");
      const confirm = await app.find(testId("delete-confirm"));
      await app.type(await app.find("//dialog[@open]//textarea"), "contract ended");
      await app.type(confirm, "lab-000");
      assert.equal(await app.attribute(await app.find(testId("delete-start")), "disabled"), "true", "a partial name does not enable Delete");
      await app.type(confirm, "3");
      await app.click(await app.find(`${testId("delete-start")}[not(@disabled)]`));

      // The pipeline, watched as it runs: the first steps done, the erase under
      // way (the disk's overwrite takes 10 s; the panel re-reads every 1.5 s).
      await app.find(testId("deletion-pipeline"), 30_000);
      await app.find(step("power_off", "done"), 60_000);
      await app.find(step("erase_drives", "running"), 60_000);

      // Verified, it is back in stock (the panel gives way to its certificate).
      await app.find("//main//*[normalize-space(.)='Stage: Inventory']", 180_000);
      await app.click(await app.find(testId("certificate-open"), 30_000));
      const view = await app.find(testId("certificate-view"), 20_000);
      const certificate = rackctl(scratch.profile, ["certificate", "show", SERVER]);
      const shown = await app.text(view);
      assert.match(shown, /Verified clean/);
      assert.equal(certificate.drives.length, 4, JSON.stringify(certificate.drives));
      for (const drive of certificate.drives) assert.ok(shown.includes(drive.serial), `${drive.serial} is shown`);

      await app.click(await app.find("//dialog[@open]//button[normalize-space(.)='PDF (Japanese)']"));
      const saved = await app.text(await app.find("//dialog[@open]//*[starts-with(normalize-space(.), 'Saved to ')]", 20_000));
      const path = saved.trim().replace(/^Saved to /, "");
      assert.ok(path.startsWith(downloads), `${path} is in the test's Downloads`);
      assert.equal(readFileSync(path).subarray(0, 5).toString(), "%PDF-");
    });

    const server = rackctl(scratch.profile, ["server", "show", SERVER]);
    assert.equal(server.server.stage, "inventory");
    assert.ok(server.server.cleanedAt, "marked clean");
    const audit = rackctl(scratch.profile, ["audit", "list"]);
    const entries = Array.isArray(audit) ? audit : (audit.entries ?? []);
    const actions = entries.map((entry) => `${entry.action}:${entry.outcome}`);
    for (const wanted of ["delete:ok", "deletion_verified:ok"]) {
      assert.ok(actions.includes(wanted), `no ${wanted} in the audit: ${actions.join(", ")}`);
    }
  } finally {
    await lab.stop();
  }
});
