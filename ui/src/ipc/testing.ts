// A fake backend behind Tauri's own IPC mock, for UI tests: the generated bindings
// and this folder's error handling run for real; only the Rust side is replaced.
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";

import type { AppError, AppInfo, ServerSummary, Settings, Tab, TabSummary } from "./bindings";

const tabOf: Record<ServerSummary["stage"], Tab> = {
  inventory: "inventory",
  retired: "inventory",
  building: "building",
  in_service: "in_service",
  maintenance_customer: "maintenance",
  maintenance_operator: "maintenance",
  deletion: "deletion",
};

export interface FakeBackend {
  info: AppInfo;
  settings: Settings;
  servers: ServerSummary[];
  /** When set, this command rejects once, then answers normally: with an AppError
   *  as our commands do, or with a string as Tauri does for its own failures. */
  failOnce: Partial<Record<string, AppError | string>>;
  /** When set, startup rejects with this error every time (a profile that cannot open). */
  startupError?: AppError;
  calls: { cmd: string; args: unknown }[];
}

export function fakeServer(name: string, stage: ServerSummary["stage"]): ServerSummary {
  return {
    id: `id-${name}`,
    name,
    stage,
    model: "R650",
    serial: `SN-${name}`,
    bmcAddress: "127.0.0.1:8443",
    updatedAt: "2026-11-24T10:00:00Z",
  };
}

// Tauri rejects with plain values, not Error objects; the fake must do the same.
function rejectWith(value: unknown): never {
  throw value;
}

export function installFakeBackend(overrides: Partial<FakeBackend> = {}): FakeBackend {
  const backend: FakeBackend = {
    info: {
      version: "9.8.7",
      schemaVersion: 1,
      profileDir: "/profiles/test",
      databasePath: "/profiles/test/racksmith.sqlite3",
      logDir: "/profiles/test/logs",
      osLocale: "en-US",
    },
    settings: { language: "system", theme: "system" },
    servers: [],
    failOnce: {},
    calls: [],
    ...overrides,
  };
  clearMocks();
  mockIPC((cmd, args) => {
    backend.calls.push({ cmd, args });
    const { [cmd]: failure, ...rest } = backend.failOnce;
    if (failure !== undefined) {
      backend.failOnce = rest;
      rejectWith(failure);
    }
    const payload = (args ?? {}) as Record<string, unknown>;
    switch (cmd) {
      case "startup":
        if (backend.startupError) rejectWith(backend.startupError);
        return backend.info;
      case "settings":
        return backend.settings;
      case "save_settings":
        backend.settings = payload.settings as Settings;
        return backend.settings;
      case "list_servers":
        return backend.servers.filter((s) => tabOf[s.stage] === payload.tab);
      case "tab_summaries": {
        const tabs: Tab[] = ["inventory", "building", "in_service", "maintenance", "deletion"];
        return tabs.map<TabSummary>((tab) => ({
          tab,
          serverCount: backend.servers.filter((s) => tabOf[s.stage] === tab).length,
        }));
      }
      default:
        // What Tauri itself answers for a command it does not know: a plain string.
        return rejectWith(`command ${cmd} not found`);
    }
  });
  return backend;
}
