// A backend's sign-in in words, from the non-secret half the backend stores as
// JSON in BackendRecord.auth (StoredSignIn in src-tauri/crates/core/src/backends.rs).
import type { Translate } from "../../i18n";

// Application credential IDs are 32 hex digits: the start tells them apart.
const shortId = (id: string) => (id.length > 12 ? `${id.slice(0, 8)}…` : id);

const text = (value: unknown): string | null => (typeof value === "string" && value !== "" ? value : null);

/** "None", "Keystone password (user racksmith, system scope)" and so on; a kind
 *  this UI does not know, or a record it cannot read, as the backend wrote it. */
export function describeAuth(auth: string, t: Translate): string {
  let stored: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(auth);
    if (typeof parsed !== "object" || parsed === null) return auth;
    stored = parsed as Record<string, unknown>;
  } catch {
    return auth;
  }
  const user = text(stored.user);
  const id = text(stored.id);
  switch (stored.kind) {
    case "none":
      return t("backends.auth.none");
    case "password": {
      if (user === null) break;
      const project = text(stored.project);
      // Without a project the token is system-scoped: the whole fleet.
      return project === null
        ? t("backends.auth.passwordSystem", { user })
        : t("backends.auth.passwordProject", { user, project });
    }
    case "applicationCredential":
      if (id === null) break;
      return t("backends.auth.applicationCredential", { id: shortId(id) });
  }
  return typeof stored.kind === "string" ? stored.kind : auth;
}
