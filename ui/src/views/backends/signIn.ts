// The Add Ironic form's sign-in, checked the way the backend checks it
// (src-tauri/crates/core/src/backends.rs) so nothing is sent that it would refuse.
import type { IronicSignIn } from "../../ipc";
import type { MessageKey } from "../../i18n";

export type SignInKind = IronicSignIn["kind"];

export const signInKinds: readonly SignInKind[] = ["none", "password", "applicationCredential"];

/** Everything the dialog asks for, as typed. One Keystone URL serves both Keystone
 *  kinds, so switching between them does not make the user type it again. */
export interface SignInForm {
  kind: SignInKind;
  authUrl: string;
  user: string;
  password: string;
  project: string;
  userDomain: string;
  projectDomain: string;
  credentialId: string;
  secret: string;
}

export const emptySignIn: SignInForm = {
  kind: "none",
  authUrl: "",
  user: "",
  password: "",
  project: "",
  // Keystone's own default domain, which most clouds sign users in to.
  userDomain: "Default",
  projectDomain: "Default",
  credentialId: "",
  secret: "",
};

/** Fields that can be wrong; each is also the name of its input, to focus it. */
export type FieldName = "url" | "authUrl" | "user" | "password" | "credentialId" | "secret";
export type FieldErrors = Partial<Record<FieldName, MessageKey>>;

// The backend refuses anything else too, but only after a round trip.
export const isHttpUrl = (url: string) => /^https?:\/\/\S/i.test(url.trim());

const blank = (text: string) => text.trim() === "";

/** What is wrong with the form, field by field, in the order the fields show. */
export function validate(url: string, form: SignInForm): FieldErrors {
  const errors: FieldErrors = {};
  if (!isHttpUrl(url)) errors.url = "addIronic.urlHint";
  if (form.kind === "none") return errors;
  if (!isHttpUrl(form.authUrl)) errors.authUrl = "signIn.authUrlHint";
  if (form.kind === "password") {
    if (blank(form.user)) errors.user = "signIn.userRequired";
    // A password is taken as typed: spaces may be part of it.
    if (form.password === "") errors.password = "signIn.passwordRequired";
  } else {
    if (blank(form.credentialId)) errors.credentialId = "signIn.credentialIdRequired";
    if (form.secret === "") errors.secret = "signIn.secretRequired";
  }
  return errors;
}

const optional = (text: string): string | null => (blank(text) ? null : text.trim());

/** The sign-in to send, from a form `validate` found nothing wrong with. */
export function toSignIn(form: SignInForm): IronicSignIn {
  switch (form.kind) {
    case "none":
      return { kind: "none" };
    case "password":
      return {
        kind: "password",
        authUrl: form.authUrl.trim(),
        user: form.user.trim(),
        // Empty leaves the backend's default ("Default") to apply.
        userDomain: optional(form.userDomain),
        // Without a project the token is system-scoped: the whole fleet.
        project: optional(form.project),
        projectDomain: optional(form.projectDomain),
        password: form.password,
      };
    case "applicationCredential":
      return { kind: "applicationCredential", authUrl: form.authUrl.trim(), id: form.credentialId.trim(), secret: form.secret };
  }
}
