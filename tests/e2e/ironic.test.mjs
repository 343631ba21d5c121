// End-to-end: an OpenStack Ironic (PyPI, one process, SQLite, no auth) added in
// Settings and synced from the real window; its fake-hardware node moved to
// Building and into service from the app (each move carried out by Ironic and
// read back from Ironic's API), its BIOS changed in the editor by Ironic's
// manual clean, then deleted through the typed confirmation:
// Ironic undeploys and cleans it, and the certificate opened in the window
// names the clean step Ironic ran.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";

import { startIronic } from "../peers/ironic-service.mjs";
import { rackctl } from "./lab.mjs";
import { scratchProfile, withApp } from "./webdriver.mjs";

const NODE = "ironic-window";
const button = (text) => `//button[normalize-space(.)='${text}' and not(@disabled)]`;
const moveButton = (stage) => `//ul[@aria-label='Move to another stage']${button(`Move to ${stage}`)}`;
const testId = (id) => `//*[@data-testid='${id}']`;

async function provision(ironic, uuid, target, settled) {
  await ironic.call("PUT", `/v1/nodes/${uuid}/states/provision`, { target });
  for (let tries = 0; ; tries += 1) {
    const node = await ironic.call("GET", `/v1/nodes/${uuid}`);
    if (node.provision_state === settled && !node.target_provision_state) return node;
    assert.ok(tries < 240, `${uuid} stuck in ${node.provision_state}: ${node.last_error}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function moveTo(app, stage, says) {
  await app.click(await app.find(moveButton(stage), 20_000));
  // The dialog says what Ironic will be asked before anything is done.
  await app.find(`//dialog//li[normalize-space(.)="${says}"]`);
  await app.click(await app.find(`//dialog${button(`Move to ${stage}`)}`));
  await app.find(`//main//*[normalize-space(.)='Stage: ${stage}']`, 120_000);
}

test("an Ironic added and synced in the window; its node moved by Ironic through the stages and deleted by Ironic's cleaning", async () => {
  const scratch = scratchProfile();
  const dir = join(scratch.root, "ironic");
  mkdirSync(dir, { recursive: true });
  const ironic = await startIronic(dir);
  try {
    const node = (await ironic.call("POST", "/v1/nodes", { name: NODE, driver: "fake-hardware", properties: { model: "Fake 2U" } })).uuid;
    await provision(ironic, node, "manage", "manageable");
    // Ironic's own manual clean gives the node BIOS settings for the editor to show.
    await ironic.call("PUT", `/v1/nodes/${node}/states/provision`, {
      target: "clean",
      clean_steps: [{ interface: "bios", step: "apply_configuration", args: { settings: [{ name: "BootMode", value: "Uefi" }] } }],
    });
    for (let tries = 0; ; tries += 1) {
      const cleaned = await ironic.call("GET", `/v1/nodes/${node}`);
      if (cleaned.provision_state === "manageable" && !cleaned.target_provision_state) break;
      assert.ok(tries < 240, `the clean did not end: ${cleaned.provision_state} ${cleaned.last_error}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    await provision(ironic, node, "provide", "available");
    const bios = async () => Object.fromEntries((await ironic.call("GET", `/v1/nodes/${node}/bios`)).bios.map((b) => [b.name, b.value]));
    assert.equal((await bios()).BootMode, "Uefi");
    const state = async () => (await ironic.call("GET", `/v1/nodes/${node}`)).provision_state;

    await withApp(scratch, async (app) => {
      // Settings → Backends: add the Ironic (no sign-in), then sync it.
      await app.click(await app.find("//nav//a[@href='#/settings']", 30_000));
      await app.click(await app.find(button("Add Ironic…"), 20_000));
      await app.type(await app.find("//dialog//input[@name='url']"), ironic.api);
      await app.click(await app.find(`//dialog${button("Add")}`));
      await app.find(`//*[@role='status' and contains(., 'Added ${ironic.api}')]`, 30_000);
      await app.click(await app.find(button("Sync now")));
      await app.find(`//*[@role='status' and contains(., '1 nodes: 1 added')]`, 60_000);

      // The node is in stock; its page names the Ironic node it is.
      await app.click(await app.find("//nav//a[@href='#/inventory']"));
      await app.click(await app.find(`//main//table//a[normalize-space(.)='${NODE}']`, 30_000));
      await app.find(`//main//h1[normalize-space(.)='${NODE}']`);
      await app.find(`//main//code[normalize-space(.)='${node}']`, 20_000);

      await moveTo(app, "Building", "Ironic is asked to manage the node (it becomes manageable, ready to be built).");
      assert.equal(await state(), "manageable");

      // The BIOS editor shows Ironic's cache; Apply is a manual clean, read back from Ironic.
      const field = "//section//input[@aria-label='BootMode' and not(@disabled)]";
      const bootMode = await app.find(field, 30_000);
      const selected = `const input = document.evaluate("${field}", document, null, XPathResult.FIRST_ORDERED_NODE_TYPE, null).singleNodeValue;
        input.select(); return input.value;`;
      assert.equal(await app.execute(selected), "Uefi");
      await app.type(bootMode, "Legacy");
      await app.click(await app.find(button("Apply BIOS settings"), 20_000));
      await app.find("//*[@role='status' and normalize-space(.)='BIOS settings applied.']", 120_000);
      assert.equal((await bios()).BootMode, "Legacy", "Ironic's cache after the clean");
      assert.equal(await state(), "manageable", "the clean ends where the build stands");
      // Ironic has no console to embed: the page offers none.
      assert.equal((await app.findAll("//a[normalize-space(.)='Open console']")).length, 0);
      await moveTo(app, "In service", "Ironic deploys the node: it is powered on and boots its image.");
      assert.equal(await state(), "active");

      // Deletion: the typed confirmation, then Ironic's undeploy and automated cleaning.
      await app.click(await app.find(moveButton("Deletion"), 20_000));
      await app.type(await app.find(testId("delete-confirm")), NODE);
      await app.click(await app.find(`${testId("delete-start")}[not(@disabled)]`));
      await app.find("//main//*[normalize-space(.)='Stage: Inventory']", 180_000);
      await app.click(await app.find(testId("certificate-open"), 30_000));
      const view = await app.find(testId("certificate-view"), 20_000);
      const shown = await app.text(view);
      assert.match(shown, /Ironic clean step vendor\.log_passthrough/);
      assert.match(shown, /Ironic undeploy and automated cleaning/);
    });
    assert.equal(await state(), "available");
    const certificate = rackctl(scratch.profile, ["certificate", "show", NODE]);
    assert.ok(certificate.steps.some((s) => s.step === "ironic:vendor.log_passthrough"), JSON.stringify(certificate.steps));
  } finally {
    await ironic.stop();
  }
});
