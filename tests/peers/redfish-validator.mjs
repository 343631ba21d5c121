// Runs the DMTF Redfish Service Validator (PyPI redfish-service-validator) against
// one server of the built-in lab, offline, with the CSDL schemas in ../shared.
// Fails on any FAIL; prints the validator's own pass/warn/fail counts.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";

import { repoRoot, targetDir } from "../../src-tauri/scripts/prerequisites.mjs";
import { venvWith } from "./python-venv.mjs";

const VALIDATOR_VERSION = "3.1.8";
const schemas = join(repoRoot, "..", "shared", "redfish-mockups", "csdl");

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: "inherit", ...options });
  return result.status ?? 1;
}

if (!existsSync(schemas)) {
  console.log(`redfish validator: SKIPPED, the CSDL schemas are not at ${schemas}`);
  process.exit(0);
}

const bin = venvWith(`redfish-validator-${VALIDATOR_VERSION}`, `redfish-service-validator==${VALIDATOR_VERSION}`, "rf_service_validator");

const rackctl = join(targetDir(), "debug", "rackctl");
if (!existsSync(rackctl) && run("cargo", ["build", "-p", "racksmith-cli"], { cwd: repoRoot }) !== 0) process.exit(1);

const scratch = mkdtempSync(join(tmpdir(), "racksmith-validator-"));
const lab = spawn(rackctl, ["lab", "up", "--servers", "1", "--no-vnc", "--json"], {
  env: { ...process.env, RACKSMITH_PROFILE_DIR: join(scratch, "profile") },
  stdio: ["ignore", "pipe", "inherit"],
});
const firstLine = await new Promise((resolve, reject) => {
  const lines = createInterface({ input: lab.stdout });
  lines.once("line", resolve);
  lab.once("exit", (code) => reject(new Error(`rackctl lab up exited (${code}) before it was ready`)));
});
const server = JSON.parse(firstLine).servers[0];
// The validator uses Python requests, which trusts the bundle named here: the
// lab server's own certificate and nothing else.
const bundle = join(scratch, "lab-server.pem");
writeFileSync(bundle, server.certificate_pem);

const output = spawnSync(
  join(bin, "rf_service_validator"),
  [
    "--rhost", server.redfish_url,
    "--user", server.username,
    "--password", server.password,
    "--authtype", "Session",
    "--schema_directory", schemas,
    "--skipschema",
    "--logdir", join(scratch, "reports"),
  ],
  { encoding: "utf8", cwd: scratch, env: { ...process.env, REQUESTS_CA_BUNDLE: bundle }, maxBuffer: 64 * 1024 * 1024 },
);
lab.kill("SIGINT");

const text = `${output.stdout ?? ""}${output.stderr ?? ""}`;
const failures = text.split("\n").filter((line) => /Fail: [1-9]/.test(line) || /\bFAIL\b -/.test(line));
const table = text.match(/\|\s*(\d+)\s*\|\s*(\d+)\s*\|\s*(\d+)\s*\|\s*(\d+)\s*\|/);
const resources = (text.match(/^Validating /gm) ?? []).length;
if (!table) {
  console.log(text.slice(-4000));
  console.log("redfish validator: no summary table in the validator's output");
  process.exit(1);
}
const [, pass, warn, fail, notTested] = table.map(Number);
console.log(`redfish validator ${VALIDATOR_VERSION} on ${resources} lab resources: PASS ${pass}, WARN ${warn}, FAIL ${fail}, NOT TESTED ${notTested}`);
console.log(`reports: ${join(scratch, "reports")}`);
if (fail > 0 || output.status !== 0) {
  console.log(failures.join("\n"));
  process.exit(1);
}
