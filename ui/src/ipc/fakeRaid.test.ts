import { describe, expect, it } from "vitest";

import type { RaidLevel } from "./bindings";
import { LayoutRefusal, formatBytes, planLayout } from "./fakeRaid";

const GB960 = 960_000_000_000;
const TB = 1_000_000_000_000;

function plan(level: RaidLevel, sizes: number[], spans: number | null = null) {
  return planLayout({ level, drives: sizes.map((s) => ({ id: null, capacity_bytes: s, media: null })), spans });
}

function refusal(level: RaidLevel, sizes: number[], spans: number | null = null): LayoutRefusal {
  try {
    plan(level, sizes, spans);
  } catch (error) {
    if (error instanceof LayoutRefusal) return error;
    throw error;
  }
  throw new Error(`${level} x${String(sizes.length)} was not refused`);
}

// The same table as src-tauri/crates/build/src/raid.rs, so the fake answers as the planner does.
describe("the fake RAID planner", () => {
  it("gives the capacity and fault tolerance of each level", () => {
    const table: [RaidLevel, number, number, number, number][] = [
      ["raid0", 1, 1, 0, 0],
      ["raid0", 4, 4, 0, 0],
      ["raid1", 2, 1, 1, 1],
      ["raid5", 3, 2, 1, 1],
      ["raid5", 8, 7, 1, 1],
      ["raid6", 4, 2, 2, 2],
      ["raid6", 10, 8, 2, 2],
      ["raid10", 4, 2, 1, 2],
      ["raid10", 8, 4, 1, 4],
      ["raid50", 6, 4, 1, 2],
      ["raid50", 12, 10, 1, 2],
      ["raid60", 8, 4, 2, 4],
      ["raid60", 12, 8, 2, 4],
    ];
    for (const [level, n, data, tolerance, best] of table) {
      const p = plan(level, Array.from({ length: n }, () => GB960));
      expect([p.usable_bytes, p.fault_tolerance, p.fault_tolerance_best, p.raw_bytes], `${level} x${String(n)}`).toEqual([
        data * GB960,
        tolerance,
        best,
        n * GB960,
      ]);
    }
  });

  it("refuses impossible layouts with the reason", () => {
    const table: [RaidLevel, number, string, string][] = [
      ["raid5", 2, "too_few_drives", "RAID 5 needs at least 3 drives; 2 were given"],
      ["raid6", 3, "too_few_drives", "at least 4 drives"],
      ["raid1", 3, "exact_drive_count", "exactly 2"],
      ["raid1", 1, "exact_drive_count", "exactly 2"],
      ["raid10", 5, "uneven_spans", "even number"],
      ["raid10", 2, "too_few_drives", "at least 4"],
      ["raid50", 7, "uneven_spans", "equal spans"],
      ["raid60", 6, "too_few_drives", "at least 8"],
      ["raid0", 0, "no_drives", "none were chosen"],
    ];
    for (const [level, n, code, words] of table) {
      const refused = refusal(level, Array.from({ length: n }, () => TB));
      expect(refused.code, `${level} x${String(n)}`).toBe(code);
      expect(refused.message).toContain(words);
    }
  });

  it("splits into the spans asked for only where the drives split evenly", () => {
    const twelve = Array.from({ length: 12 }, () => TB);
    const p = plan("raid50", twelve, 3);
    expect([p.spans, p.usable_bytes, p.fault_tolerance_best]).toEqual([3, 9 * TB, 3]);
    expect(refusal("raid50", twelve, 5).code).toBe("uneven_spans");
    expect(refusal("raid50", twelve, 6).code).toBe("uneven_spans");
    expect(refusal("raid5", [TB, TB, TB], 2).code).toBe("uneven_spans");
  });

  it("sizes members to the smallest and says what is lost", () => {
    const p = plan("raid5", [TB, TB, GB960]);
    expect(p.member_bytes).toBe(GB960);
    expect(p.usable_bytes).toBe(2 * GB960);
    expect(p.warnings.find((w) => w.code === "mixed_sizes")?.message).toContain("80 GB go unused");
    expect(formatBytes(1_920_000_000_000)).toBe("1.92 TB");
    expect(formatBytes(4 * TB)).toBe("4 TB");
  });
});
