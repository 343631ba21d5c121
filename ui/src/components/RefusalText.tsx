import type { AppError, Refusal } from "../ipc";
import { errorMessageKey, useI18n } from "../i18n";

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
