// Checks, and where it can installs, what building and testing Racksmith needs:
// system packages (Debian/Ubuntu, installed when run as root), the npm packages,
// and for tests tauri-driver. Elsewhere it says exactly what is missing.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

const debianBuild = [
  "build-essential",
  "pkg-config",
  "libssl-dev",
  "libwebkit2gtk-4.1-dev",
  "libayatana-appindicator3-dev",
  "librsvg2-dev",
  "libxdo-dev",
  // A Japanese font, so the Japanese UI renders on a fresh Linux desktop.
  "fonts-ipafont-gothic",
];
const debianTest = [
  "xvfb", "xauth", "webkit2gtk-driver", "dbus", "gnome-keyring", "libsecret-tools", "python3", "python3-venv", "openssl",
  // QEMU's VNC server is a console test peer.
  "qemu-system-x86",
  // Closes the app's window as a window manager would, in the tray test.
  "python3-xlib",
  // A real PDF reader (pdftotext) reads the erasure certificates back; poppler-data
  // maps their Japanese font to text.
  "poppler-utils", "poppler-data",
];
const tauriDriverVersion = "2.1.0";

function log(message) {
  console.log(`[prerequisites] ${message}`);
}

export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: "inherit", cwd: repoRoot, shell: process.platform === "win32", ...options });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

function runOrDie(command, args, options = {}) {
  const status = run(command, args, options);
  if (status !== 0) {
    console.error(`[prerequisites] failed: ${command} ${args.join(" ")} (exit ${status})`);
    process.exit(status);
  }
}

function has(command) {
  const probe = process.platform === "win32" ? "where" : "which";
  return spawnSync(probe, [command], { stdio: "ignore" }).status === 0;
}

function isDebianLike() {
  if (process.platform !== "linux" || !existsSync("/etc/os-release")) return false;
  const release = readFileSync("/etc/os-release", "utf8");
  return /^(ID|ID_LIKE)=.*\b(debian|ubuntu)\b/m.test(release);
}

function missingDebianPackages(packages) {
  return packages.filter((name) => {
    const probe = spawnSync("dpkg-query", ["-W", "-f=${Status}", name], { encoding: "utf8" });
    return !(probe.status === 0 && probe.stdout.includes("install ok installed"));
  });
}

function ensureSystemPackages(forTests) {
  if (process.platform === "darwin") {
    if (spawnSync("xcode-select", ["-p"], { stdio: "ignore" }).status !== 0) {
      console.error("[prerequisites] macOS needs the Xcode command line tools: xcode-select --install");
      process.exit(1);
    }
    if (forTests) log("end-to-end tests of the real window run on Linux only (WebKitWebDriver); they are skipped here.");
    return;
  }
  if (process.platform === "win32") {
    log("Windows needs the Microsoft C++ Build Tools and WebView2 (preinstalled on Windows 10/11).");
    if (forTests) log("end-to-end tests of the real window run on Linux only here; they are skipped.");
    return;
  }
  if (!isDebianLike()) {
    log(`not Debian or Ubuntu: install the equivalents of ${[...debianBuild, ...(forTests ? debianTest : [])].join(" ")} yourself.`);
    return;
  }
  const missing = missingDebianPackages(forTests ? [...debianBuild, ...debianTest] : debianBuild);
  if (missing.length === 0) return;
  const install = ["apt-get", "install", "-y", "--no-install-recommends", ...missing];
  if (process.getuid?.() !== 0) {
    console.error(`[prerequisites] missing system packages. Run:\n  sudo apt-get update && sudo ${install.join(" ")}`);
    process.exit(1);
  }
  log(`installing ${missing.join(" ")}`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  runOrDie("apt-get", ["update", "-q"], { env });
  runOrDie(install[0], install.slice(1), { env });
}

function ensureToolchains() {
  for (const tool of ["cargo", "node", "npm"]) {
    if (!has(tool)) {
      console.error(`[prerequisites] ${tool} is not on PATH. Install Rust from rustup.rs and Node.js 20.19 or newer.`);
      process.exit(1);
    }
  }
  const [major, minor] = process.versions.node.split(".").map(Number);
  if (major < 20 || (major === 20 && minor < 19)) {
    console.error(`[prerequisites] Node.js ${process.versions.node} is too old: 20.19 or newer is needed.`);
    process.exit(1);
  }
}

function ensureNpmPackages() {
  const installed = join(repoRoot, "node_modules", ".package-lock.json");
  const lock = join(repoRoot, "package-lock.json");
  if (existsSync(installed) && statSync(installed).mtimeMs >= statSync(lock).mtimeMs) return;
  log("installing npm packages (npm ci)");
  runOrDie("npm", ["ci", "--no-audit", "--no-fund"]);
}

function ensureTauriDriver() {
  if (process.platform !== "linux") return;
  const listed = spawnSync("cargo", ["install", "--list"], { encoding: "utf8" }).stdout ?? "";
  if (listed.includes(`tauri-driver v${tauriDriverVersion}:`)) return;
  log(`installing tauri-driver ${tauriDriverVersion}`);
  runOrDie("cargo", ["install", "tauri-driver", "--locked", "--version", tauriDriverVersion]);
}

/** The cargo target folder, wherever CARGO_TARGET_DIR or config puts it. */
export function targetDir() {
  const metadata = execFileSync("cargo", ["metadata", "--format-version", "1", "--no-deps"], {
    cwd: repoRoot,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(metadata).target_directory;
}

export function ensurePrerequisites({ forTests }) {
  ensureToolchains();
  ensureSystemPackages(forTests);
  ensureNpmPackages();
  if (forTests) ensureTauriDriver();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  ensurePrerequisites({ forTests: process.argv.includes("--tests") });
}
