// End-to-end: a lab server moved through its stages in the real window, a
// reboot refused in service and explained, a restart run as a job once in
// Maintenance, the audit log showing it all with its chain intact; then the lab
// stops and the app reviews the inventory offline from the SQLite cache.
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";

import { rackctl, startLab } from "./lab.mjs";
import { sqlite } from "./sqlite.mjs";
import { scratchProfile, withApp } from "./webdriver.mjs";

const button = (text) => `//button[normalize-space(.)='${text}' and not(@disabled)]`;
const disabledButton = (text) => `//button[normalize-space(.)='${text}' and @disabled]`;
const moveButton = (stage) => `//ul[@aria-label='Move to another stage']${button(`Move to ${stage}`)}`;
const text = (words) => `//main//*[normalize-space(.)='${words}']`;

async function moveTo(app, stage) {
  await app.click(await app.find(moveButton(stage), 20_000));
  // The confirmation says what will not happen before anything is done.
  await app.find("//dialog//li[normalize-space(.)='The power is not changed and the server is not rebooted.']");
  await app.find("//dialog//li[normalize-space(.)='Nothing is sent to the BMC.']");
  await app.click(await app.find(`//dialog${button(`Move to ${stage}`)}`));
  await app.find(text(`Moved to ${stage}.`), 20_000);
}

test("move a server through its stages, see a refusal explained and the audit entries; then review offline", async () => {
  const scratch = scratchProfile();
  const lab = await startLab(scratch.root, 2, scratch.profile);
  let stopped = false;
  const db = join(scratch.profile, "racksmith.sqlite3");
  try {
    rackctl(scratch.profile, ["lab", "enrol"]);
    rackctl(scratch.profile, ["bmc", "refresh", "--all"]);
    const [server] = rackctl(scratch.profile, ["server", "list"]).servers;

    await withApp(scratch, async (app) => {
      await app.click(await app.find(`//main//table//a[normalize-space(.)='${server.name}']`, 30_000));
      await app.find(`//main//h1[normalize-space(.)='${server.name}']`);

      await moveTo(app, "Building");
      await moveTo(app, "In service");

      // In service a reboot is refused, and the reason is said next to the button.
      await app.find(disabledButton("Restart (graceful)"), 20_000);
      await app.find(
        "//section[h2='Actions']//*[contains(., 'This may reboot a server that is in service. Move it to Maintenance first')]",
      );

      await moveTo(app, "Maintenance (customer)");
      await app.click(await app.find(button("Restart (graceful)"), 20_000));
      await app.find("//main//*[starts-with(normalize-space(.), 'Job finished (') and contains(., '1 succeeded, 0 failed')]", 60_000);
      await moveTo(app, "In service");

      await app.click(await app.find("//nav//a[@href='#/audit']"));
      await app.find("//main//h1[normalize-space(.)='Audit log']");
      const moveRow = "//main//table//tr[td[normalize-space(.)='stage_move']]";
      await app.find(moveRow, 20_000);
      const moves = await app.findAll(moveRow);
      assert.ok(moves.length >= 4, `four moves in the audit table, saw ${moves.length}`);
      await app.find("//main//table//tr[td[normalize-space(.)='graceful_restart'] and td[normalize-space(.)='Succeeded' or normalize-space(.)='OK']]");
      await app.click(await app.find(button("Verify chain")));
      await app.find("//main//*[starts-with(normalize-space(.), 'The chain is intact:')]", 20_000);
    });

    const history = sqlite(db, "SELECT from_stage, to_stage FROM stage_changes WHERE server_id = ? ORDER BY id", [server.id]);
    assert.deepEqual(history, [
      ["inventory", "building"],
      ["building", "in_service"],
      ["in_service", "maintenance_customer"],
      ["maintenance_customer", "in_service"],
    ]);
    const [[refused]] = sqlite(db, "SELECT count(*) FROM audit WHERE outcome = 'refused'");
    assert.equal(refused, 0, "the UI offered no refused action, so none was attempted");

    await lab.stop();
    stopped = true;

    // No BMC anywhere: the inventory opens from the cache, facts and all.
    await withApp(scratch, async (app) => {
      await app.click(await app.find(`//nav//a[@href='#/in-service']`, 30_000));
      await app.click(await app.find(`//main//table//a[normalize-space(.)='${server.name}']`, 30_000));
      await app.find("//main//h2[normalize-space(.)='Drives']");
      await app.click(await app.find(button("Refresh")));
      await app.find(text("The last refresh failed"), 60_000);
      // Actions that need the BMC are disabled, each with the reason.
      await app.find(disabledButton("Power on"), 20_000);
      await app.find("//section[h2='Actions']//*[contains(., 'The BMC could not be reached')]");
      await app.click(await app.find(`//nav//a[@href='#/in-service']`));
      await app.find(`//main//table//tr[.//a[normalize-space(.)='${server.name}']]//*[normalize-space(.)='Unreachable']`, 20_000);
    });
  } finally {
    if (!stopped) await lab.stop();
  }
});
