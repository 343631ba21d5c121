import { describe, expect, it } from "vitest";

import { translator } from "../../i18n";
import { stepLabel } from "./deletionWords";

describe("stepLabel", () => {
  it("names the pipeline's own steps and keeps Ironic's clean step names", () => {
    const en = translator("en");
    const ja = translator("ja");
    expect(stepLabel("erase_drives", en)).toBe("Erase drives");
    expect(stepLabel("ironic_cleaning", ja)).toBe("Ironic のアンデプロイと自動クリーニング");
    expect(stepLabel("ironic:deploy.erase_devices", en)).toBe("Ironic clean step deploy.erase_devices");
    expect(stepLabel("ironic:deploy.erase_devices", ja)).toBe("Ironic クリーンステップ deploy.erase_devices");
    expect(stepLabel("a_newer_step", en)).toBe("a_newer_step");
  });
});
