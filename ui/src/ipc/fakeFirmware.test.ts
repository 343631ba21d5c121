import { describe, expect, it } from "vitest";

import type { AppError } from "./bindings";
import { createFirmware, fakeFirmware, fakeServerFirmware, imageTarget } from "./fakeFirmware";
import { fakeServer } from "./testing";

// As the fake backend rejects: with the AppError itself, not an Error.
function rejectWith(value: unknown): never {
  throw value;
}

function firmware(state = fakeFirmware()) {
  const server = fakeServer("a", "maintenance_customer");
  const fake = createFirmware({
    state: () => state,
    serverOf: () => server,
    snapshot: () => false,
    profileDir: () => "/profiles/test",
    fail: (code, message) => rejectWith({ code, message } satisfies AppError),
  });
  return { state, server, fake };
}

function refusal(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    return error as AppError;
  }
  throw new Error("not refused");
}

describe("the fake firmware", () => {
  it("reads the component and version an image's name gives", () => {
    expect(imageTarget("https://files.example.net/bios-2.30.1.bin")).toEqual({ component: "bios", version: "2.30.1" });
    expect(imageTarget("/home/alice/NIC.1_22.14.0.bin")).toEqual({ component: "NIC.1", version: "22.14.0" });
    expect(imageTarget("C:\\images\\bmc-v7.5.0.img")).toEqual({ component: "bmc", version: "7.5.0" });
    expect(imageTarget("https://files.example.net/firmware.bin")).toBeNull();
  });

  it("compares with the baseline only what it names", () => {
    const { fake } = firmware();
    const view = fake.commands.firmware?.({ serverId: "id-a" }) as { components: unknown[]; baselineFound: boolean };
    expect(view.baselineFound).toBe(true);
    expect(view.components).toMatchObject([
      { id: "BIOS", version: "2.19.2", baseline: "2.30.1", drift: true },
      { id: "BMC", version: "7.4.29", baseline: "7.4.29", drift: false },
      { id: "RAID.Integrated.1", baseline: null, drift: false },
      { id: "NIC.1", baseline: null, drift: false },
    ]);
  });

  it("applies an image and says what changed, as the backend words it", () => {
    const { fake, server, state } = firmware();
    const url = "https://files.example.net/bios-2.30.1.bin";
    expect(fake.runTask(server, { kind: "firmware", imageUrl: url })).toBe("BIOS 2.19.2 → 2.30.1");
    expect(state.servers["id-a"]?.components[0]?.version).toBe("2.30.1");
    // The same image again changes nothing, which the backend reports as a failed check.
    expect(refusal(() => fake.runTask(server, { kind: "firmware", imageUrl: url }))).toEqual({
      code: "verify_failed",
      message: `firmware from ${url} failed: the BMC finished the update but no firmware version changed within 600 s.`,
    });
    expect(fake.runTask(server, { kind: "bmcReset" })).toBe("BMC reset and answering");
  });

  it("refuses a way the BMC does not offer", () => {
    const { fake, server } = firmware(fakeFirmware({ servers: { "id-a": { ...fakeServerFirmware(), canUpload: false } } }));
    expect(refusal(() => fake.runTask(server, { kind: "firmwareFile", path: "/tmp/bios-2.30.1.bin" }))).toEqual({
      code: "invalid_input",
      message:
        "firmware file /tmp/bios-2.30.1.bin failed: https://127.0.0.1:8443 takes no uploaded images (no MultipartHttpPushUri); give a URL instead.",
    });
  });
});
