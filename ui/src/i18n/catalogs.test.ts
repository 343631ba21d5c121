import { describe, expect, it } from "vitest";

import { en } from "./en";
import { resolveLanguage, translator } from "./index";
import { ja } from "./ja";

describe("catalogs", () => {
  it("have the same keys and no empty text", () => {
    expect(Object.keys(ja).sort()).toEqual(Object.keys(en).sort());
    for (const [key, text] of Object.entries(ja)) {
      expect(text.trim(), key).not.toBe("");
    }
  });

  it("translate the menu into Japanese", () => {
    expect(ja["menu.lifecycle"]).toBe("ライフサイクル管理");
    // Most entries must actually be translated, not copied from English.
    const same = Object.keys(en).filter((k) => en[k as keyof typeof en] === ja[k as keyof typeof ja]);
    // Only the name, a dash, acronyms and units Japanese writes the same way, and
    // key combinations as the keycaps print them.
    expect(same.sort()).toEqual([
      "app.name",
      "column.id",
      "console.combo.alt_f4",
      "console.combo.alt_sys_rq_b",
      "console.combo.alt_tab",
      "console.combo.ctrl_alt_backspace",
      "console.combo.ctrl_alt_del",
      "console.combo.ctrl_alt_f1",
      "console.combo.ctrl_alt_f2",
      "console.combo.ctrl_alt_f7",
      "detail.bmc",
      "hardware.gib",
      "hardware.sku",
      "hardware.uuid",
      "raid.title",
      "servers.rackUnit",
      "servers.unknown",
    ]);
  });

  it("fill in placeholders and leave unknown ones visible", () => {
    expect(translator("ja")("menu.serverCount", { count: 3 })).toBe("3 台");
    expect(translator("en")("menu.serverCount")).toBe("{count} servers");
  });
});

describe("resolveLanguage", () => {
  it("prefers the saved choice, then the OS language", () => {
    expect(resolveLanguage("en", "ja-JP")).toBe("en");
    expect(resolveLanguage("system", "ja-JP")).toBe("ja");
    expect(resolveLanguage("system", "de-DE")).toBe("en");
    expect(resolveLanguage(undefined, "ja")).toBe("ja");
  });
});
