import type { Combo } from "../../ipc";
import type { MessageKey } from "../../i18n";

// A record, so a combination added to the backend fails to compile until it has a label.
const comboLabels: Record<Combo, MessageKey> = {
  ctrl_alt_del: "console.combo.ctrl_alt_del",
  ctrl_alt_backspace: "console.combo.ctrl_alt_backspace",
  ctrl_alt_f1: "console.combo.ctrl_alt_f1",
  ctrl_alt_f2: "console.combo.ctrl_alt_f2",
  ctrl_alt_f7: "console.combo.ctrl_alt_f7",
  alt_tab: "console.combo.alt_tab",
  alt_f4: "console.combo.alt_f4",
  alt_sys_rq_b: "console.combo.alt_sys_rq_b",
  print_screen: "console.combo.print_screen",
  super: "console.combo.super",
  zenkaku_hankaku: "console.combo.zenkaku_hankaku",
  henkan: "console.combo.henkan",
  muhenkan: "console.combo.muhenkan",
  hiragana_katakana: "console.combo.hiragana_katakana",
};

/** Menu order: the usual rescue keys first, the Japanese keyboard's own keys last. */
export const combos = Object.keys(comboLabels) as Combo[];

export function comboLabel(combo: Combo): MessageKey {
  return comboLabels[combo];
}
