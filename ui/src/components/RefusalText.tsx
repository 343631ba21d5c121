import type { AppError, Refusal, RefusalCode } from "../ipc";
import { errorMessageKey, useI18n } from "../i18n";

// A record, so the compiler notices a refusal code added to the bindings and not here.
const refusalCodes: Record<RefusalCode, true> = {
  stage_forbids: true,
  reboot_needs_maintenance: true,
  operator_hold: true,
  operator_only: true,
  bmc_unreachable: true,
  read_only_snapshot: true,
  reason_required: true,
  deletion_unfinished: true,
  confirmation_required: true,
  backend_cannot: true,
};

/** An error that is a guard's refusal: its message says which server and why, in
 *  words the user needs, not a technical detail. */
export function isRefusal(error: AppError): boolean {
  return Object.hasOwn(refusalCodes, error.code);
}

const plain = (text: string) => text.toLowerCase().replace(/[.\s]+$/, "");

/** Why something is not allowed: the reason in the user's language, then the
 *  backend's own words, which name the server and the stage (left out when they
 *  only repeat the reason). */
export function RefusalText({ refusal, id }: { refusal: Refusal | AppError; id?: string }) {
  const { t } = useI18n();
  const reason = t(errorMessageKey(refusal.code));
  return (
    <span className="refusal" id={id}>
      {reason}
      {plain(reason) !== plain(refusal.message) && (
        <>
          {" "}
          <code>{refusal.message}</code>
        </>
      )}
    </span>
  );
}
