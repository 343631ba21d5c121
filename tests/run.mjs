// `npm test`: installs what is missing, then runs every check and test suite in
// order. A failed step does not hide the others; the run exits non-zero if any failed.
import { join } from "node:path";

import { ensurePrerequisites, repoRoot, run, targetDir } from "../src-tauri/scripts/prerequisites.mjs";

ensurePrerequisites({ forTests: true });

const results = [];

function step(name, command, args, options = {}) {
  console.log(`\n=== ${name}: ${command} ${args.join(" ")}`);
  const started = Date.now();
  const status = run(command, args, options);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  results.push({ name, ok: status === 0, seconds });
  return status === 0;
}

function skip(name, why) {
  console.log(`\n=== ${name}: skipped (${why})`);
  results.push({ name, ok: true, seconds: "-", skipped: why });
}

step("rustfmt", "cargo", ["fmt", "--all", "--check"]);
step("clippy", "cargo", ["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"]);
// The keyring tests need a real Secret Service: a private gnome-keyring per run.
step("rust tests", "tests/support/with-keyring.sh", ["cargo", "test", "--workspace", "--", "--skip", "bindings_are_current"]);
step("bindings drift", "cargo", ["test", "-p", "racksmith", "--lib", "bindings_are_current"]);
step("redfish validator", "node", ["tests/peers/redfish-validator.mjs"]);
// sushy-tools' emulator, a Redfish peer that is not ours, driven through rackctl
// (built by the Rust tests) with a real keyring.
step("sushy-tools peer", "tests/support/with-keyring.sh", ["node", "--test", "tests/peers/sushy.test.mjs"], {
  env: { ...process.env, RACKSMITH_RACKCTL: join(targetDir(), "debug", "rackctl") },
});
// OpenStack Ironic from PyPI, one process with SQLite and no auth, walked through every stage by rackctl.
step("ironic peer", "tests/support/with-keyring.sh", ["node", "--test", "tests/peers/ironic.test.mjs"], {
  env: { ...process.env, RACKSMITH_RACKCTL: join(targetDir(), "debug", "rackctl") },
});
// The same Ironic behind a real Keystone (PyPI): password and application-credential sign-in;
// and over HTTPS, trusted only through the CA given.
step("ironic keystone and tls peers", "tests/support/with-keyring.sh", ["node", "--test", "--test-concurrency=1", "tests/peers/ironic-keystone.test.mjs", "tests/peers/ironic-tls.test.mjs"], {
  env: { ...process.env, RACKSMITH_RACKCTL: join(targetDir(), "debug", "rackctl") },
});
step("typescript", "npm", ["run", "--silent", "ui:typecheck"]);
step("ui lint", "npm", ["run", "--silent", "ui:lint"]);
step("ui tests", "npm", ["run", "--silent", "ui:test"]);

if (process.platform === "linux") {
  const built = step("app build", "npx", ["tauri", "build", "--debug", "--no-bundle", "--ci"]);
  if (built) {
    const app = join(targetDir(), "debug", "racksmith");
    // 1,000 nodes enrolled in a real Ironic and synced: figures printed beside Ironic's
    // own listing, and the Inventory tab timed in the real window.
    step("ironic benchmark", "xvfb-run", ["-a", "-s", "-screen 0 1400x900x24", "tests/support/with-keyring.sh", "node", "tests/peers/ironic-bench.mjs"], {
      env: { ...process.env, RACKSMITH_APP: app, RACKSMITH_RACKCTL: join(targetDir(), "debug", "rackctl") },
      cwd: repoRoot,
    });
        // A display of its own and a session bus of its own, so nothing leaks in from the desktop.
    step("end-to-end", "xvfb-run", ["-a", "-s", "-screen 0 1400x900x24", "tests/support/with-keyring.sh", "node", "--test", "--test-concurrency=1", "tests/e2e/"], {
      // rackctl was built by the Rust tests above; the e2e tests run a lab with it.
      env: { ...process.env, RACKSMITH_APP: app, RACKSMITH_RACKCTL: join(targetDir(), "debug", "rackctl") },
      cwd: repoRoot,
    });
  } else {
    skip("end-to-end", "the app did not build");
  }
} else {
  skip("end-to-end", "WebKitWebDriver runs on Linux only");
}

console.log("\n=== summary");
for (const r of results) {
  const mark = r.skipped ? "SKIP" : r.ok ? "ok  " : "FAIL";
  console.log(`${mark}  ${r.name.padEnd(16)} ${r.seconds}s${r.skipped ? `  (${r.skipped})` : ""}`);
}
const failed = results.filter((r) => !r.ok);
if (failed.length > 0) {
  console.log(`\nnpm test failed: ${failed.map((r) => r.name).join(", ")}`);
  process.exit(1);
}
