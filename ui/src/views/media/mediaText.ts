import type { MediaSlotView, MediaView } from "../../ipc";
import type { Translate } from "../../i18n";
import { bootTargetLabel } from "../../i18n/labels";

/** The slot holding an image, if any: the console bar names one. */
export function insertedSlot(view: MediaView): MediaSlotView | undefined {
  return view.slots.find((slot) => slot.inserted);
}

/** What the slot holds, in words a user recognises: a file served from this
 *  computer by its own name rather than the URL the BMC fetches it from. */
export function imageName(view: MediaView, slot: MediaSlotView): string {
  if (view.served && slot.image === view.served.url) {
    return view.served.file.split(/[\\/]/).pop() ?? view.served.file;
  }
  return slot.image ?? slot.name;
}

/** "CD: ubuntu.iso", or "No media". */
export function mediaState(view: MediaView, t: Translate): string {
  const slot = insertedSlot(view);
  return slot ? t("media.stateInserted", { image: imageName(view, slot) }) : t("media.stateEmpty");
}

/** "Next boot: CD (once)", or the usual order when no override is set. */
export function nextBoot(view: MediaView, t: Translate): string {
  const { bootOverride, bootTarget } = view;
  const overridden = (bootOverride === "Once" || bootOverride === "Continuous") && bootTarget !== null && bootTarget !== "None";
  if (!overridden) return t("media.nextBootUsual");
  return t("media.nextBoot", {
    target: bootTargetLabel(bootTarget, t),
    mode: t(bootOverride === "Once" ? "media.bootOnceMode" : "media.bootAlwaysMode"),
  });
}
