// End-to-end: add a lab BMC through the real window, accept its certificate, see
// its facts; then the lab regenerates the certificate and the app refuses it
// until the user reviews and trusts the new one. The lab is a separate
// `rackctl lab up` process, as a BMC on the network would be.
import assert from "node:assert/strict";
import { test } from "node:test";

import { regenerateCertificate, startLab } from "./lab.mjs";
import { scratchProfile, withApp } from "./webdriver.mjs";

const field = (label) => `//input[@id=//label[normalize-space(.)='${label}']/@for]`;
const button = (text) => `//button[normalize-space(.)='${text}' and not(@disabled)]`;

test("add a BMC through the dialog, see its facts, and refuse a changed certificate", async () => {
  const scratch = scratchProfile();
  const lab = await startLab(scratch.root, 1);
  const [server] = lab.servers;
  try {
    await withApp(scratch, async (app) => {
      await app.click(await app.find(button("Add BMC"), 30_000));
      await app.type(await app.find(field("BMC address")), server.redfish_url);
      await app.type(await app.find(field("User name")), server.username);
      await app.type(await app.find(field("Password")), server.password);
      await app.click(await app.find(button("Check certificate")));
      // The fingerprint the app shows is the one the lab reports for itself.
      await app.find(`//dialog//code[normalize-space(.)='${server.certificate_sha256}']`, 20_000);
      await app.click(await app.find(button("Trust and add")));

      // The server appears in Inventory under its host name; its detail shows the facts.
      const link = await app.find(`//main//table//a[normalize-space(.)='${server.id}']`, 30_000);
      await app.click(link);
      await app.find(`//main//h1[normalize-space(.)='${server.id}']`);
      await app.find(`//main//*[normalize-space(.)='${server.model}']`);
      await app.find("//main//h2[normalize-space(.)='Drives']");
      await app.find(`//main//code[normalize-space(.)='${server.certificate_sha256}']`);

      const changed = await regenerateCertificate(server);
      assert.notEqual(changed.CertificateSha256, server.certificate_sha256);
      await app.click(await app.find(button("Refresh")));
      await app.find("//main//*[normalize-space(.)='The last refresh failed']", 30_000);
      await app.click(await app.find(button("Review the new certificate")));
      await app.find(`//main//code[normalize-space(.)='${changed.CertificateSha256}']`, 20_000);
      await app.click(await app.find(button("Trust the new certificate")));
      // Trusted and refreshed: the warning goes, and the new pin is the one shown.
      const deadline = Date.now() + 30_000;
      while ((await app.findAll("//main//*[normalize-space(.)='The last refresh failed']")).length > 0) {
        assert.ok(Date.now() < deadline, "the warning stayed after trusting the new certificate");
        await new Promise((r) => setTimeout(r, 200));
      }
    });
  } finally {
    lab.stop();
  }
});
