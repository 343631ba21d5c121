// End-to-end: the KVM console in the real window. A lab server in service is
// shut down, its console opened, powered on from the console (POST appears on
// the canvas), an ISO mounted by URL with a one-time boot from CD, and the
// server started again into the installer.
import assert from "node:assert/strict";
import { writeFileSync, mkdirSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { test } from "node:test";

import { rackctl, startLab } from "./lab.mjs";
import { artifacts, scratchProfile, withApp } from "./webdriver.mjs";

const button = (text) => `//button[normalize-space(.)='${text}' and not(@disabled)]`;
const CANVAS = "//canvas[@aria-label='Server screen']";

/** Whether the canvas has a pixel of `rgb` in the band of rows [y, y + h). */
const HAS_COLOUR = `
  const [y, h, rgb] = arguments;
  const c = document.querySelector("canvas[aria-label='Server screen']");
  if (!c || c.width === 0) return false;
  const data = c.getContext("2d").getImageData(0, y, c.width, h).data;
  for (let i = 0; i < data.length; i += 4) {
    if (data[i] === rgb[0] && data[i + 1] === rgb[1] && data[i + 2] === rgb[2]) return true;
  }
  return false;`;

async function waitForColour(app, what, y, h, rgb, timeoutMs = 30_000) {
  const start = Date.now();
  while (!(await app.execute(HAS_COLOUR, [y, h, rgb]))) {
    if (Date.now() - start > timeoutMs) {
      await app.saveSource(`console-${what.replace(/\W+/g, "-")}`);
      throw new Error(`the canvas never showed ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function saveCanvas(app, name) {
  const url = await app.execute(`return document.querySelector("canvas[aria-label='Server screen']").toDataURL("image/png");`);
  mkdirSync(artifacts, { recursive: true });
  writeFileSync(join(artifacts, name), Buffer.from(url.split(",")[1], "base64"));
}

/** Clicks a power button, then its confirmation when the action asks for one. */
async function power(app, label) {
  await app.click(await app.find(button(label), 20_000));
  const confirm = await app.findAll(`//dialog[@open]//button[normalize-space(.)='${label}']`);
  if (confirm.length > 0) await app.click(confirm[0]);
}

test("power a lab server on from its console, see POST, mount an ISO and boot the installer", async () => {
  const scratch = scratchProfile();
  // Half real speed: the POST screen stays up 2.5 s, long enough to be seen.
  const lab = await startLab(scratch.root, 1, scratch.profile, { consoles: true, timeScale: 0.5 });
  const iso = createServer((req, res) => {
    res.writeHead(req.url === "/os/installer.iso" ? 200 : 404, { "Content-Length": 4 }).end(req.method === "HEAD" ? undefined : "ISO!");
  });
  await new Promise((resolve) => iso.listen(0, "127.0.0.1", resolve));
  const isoUrl = `http://127.0.0.1:${iso.address().port}/os/installer.iso`;
  try {
    rackctl(scratch.profile, ["lab", "enrol"]);
    const [server] = rackctl(scratch.profile, ["server", "list"]).servers;
    rackctl(scratch.profile, ["stage", "move", server.name, "building"]);
    rackctl(scratch.profile, ["stage", "move", server.name, "in-service"]);
    rackctl(scratch.profile, ["power", "shutdown", server.name]);

    await withApp(scratch, async (app) => {
      await app.click(await app.find("//nav//a[@href='#/in-service']", 20_000));
      await app.click(await app.find(`//main//table//a[normalize-space(.)='${server.name}']`, 30_000));
      await app.click(await app.find("//a[normalize-space(.)='Open console']", 30_000));
      await app.find("//span[@role='status' and @data-state='connected']", 30_000);
      await app.find(`${CANVAS}[@data-frames > 0 and @data-width='800' and @data-height='600']`, 30_000);
      await app.find("//p[contains(@class,'console-power') and normalize-space(.)='Power: Off']", 30_000);

      // Power on from the console bar: the POST screen ("Press F2 for setup" in yellow).
      await app.click(await app.find(button("Power…")));
      await power(app, "Power on");
      await waitForColour(app, "the POST screen", 600 - 48, 16, [0xff, 0xd7, 0x5f]);
      await saveCanvas(app, "console-post.png");
      await app.find("//p[contains(@class,'console-power') and normalize-space(.)='Power: On']", 30_000);
      await app.find("//span[contains(@class,'console-fps')]");

      // Mount the ISO by URL, booting from it once; the bar shows it.
      await app.click(await app.find(button("Media…")));
      await app.type(await app.find("//input[@type='text' and (@aria-label='Image URL' or @id=//label[normalize-space(.)='Image URL']/@for)] | //label[normalize-space(.)='Image URL']//input[@type='text']"), isoUrl);
      await app.click(await app.find("//label[normalize-space(.)='Boot from it once at the next start']//input"));
      await app.click(await app.find(button("Mount")));
      await app.find(`//p[contains(@class,'console-media') and normalize-space(.)='CD: ${isoUrl}']`, 30_000);
      await app.find("//*[normalize-space(.)='Next boot: CD (once)']", 30_000);

      // In service allows no forced restart: shut down, then on again, into the installer.
      await power(app, "Shut down (graceful)");
      await app.find("//p[contains(@class,'console-power') and normalize-space(.)='Power: Off']", 60_000);
      await power(app, "Power on");
      await waitForColour(app, "the installer", 0, 8, [0x1d, 0x4f, 0x91], 60_000);
      await saveCanvas(app, "console-installer.png");

      await app.click(await app.find(button("Screenshot")));
      await app.find("//*[starts-with(normalize-space(.), 'Saved to ') and contains(., '.png')]", 20_000);
    });

    const audit = rackctl(scratch.profile, ["audit", "list"]);
    const actions = (Array.isArray(audit) ? audit : audit.entries ?? []).map((entry) => entry.action);
    for (const wanted of ["console_open", "media_insert", "power_on"]) {
      assert.ok(actions.includes(wanted), `no ${wanted} in the audit: ${actions.join(", ")}`);
    }
  } finally {
    iso.close();
    await lab.stop();
  }
});
