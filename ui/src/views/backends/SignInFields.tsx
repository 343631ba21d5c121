import { RadioChoices } from "../../components/RadioChoices";
import { TextField } from "../../components/TextField";
import { useI18n, type MessageKey } from "../../i18n";
import { CheckedField } from "./CheckedField";
import { signInKinds, type FieldErrors, type FieldName, type SignInForm, type SignInKind } from "./signIn";

const kindLabels: Record<SignInKind, MessageKey> = {
  none: "signIn.none",
  password: "signIn.password",
  applicationCredential: "signIn.applicationCredential",
};

interface Props {
  form: SignInForm;
  errors: FieldErrors;
  disabled: boolean;
  onChange: (change: Partial<SignInForm>) => void;
}

/** How Racksmith signs in to the Ironic: the choice, then what that choice needs. */
export function SignInFields({ form, errors, disabled, onChange }: Props) {
  const { t } = useI18n();
  const plain = (name: Exclude<keyof SignInForm, "kind">) => ({
    name,
    value: form[name],
    onChange: (value: string) => {
      onChange({ [name]: value });
    },
    disabled,
    autoComplete: "off",
    spellCheck: false,
  });
  const checked = (name: keyof SignInForm & FieldName) => {
    const error = errors[name];
    return { ...plain(name), error: error === undefined ? null : t(error) };
  };
  const keystoneUrl = <CheckedField label={t("signIn.authUrl")} type="url" placeholder="http://127.0.0.1:5000/v3" {...checked("authUrl")} />;

  return (
    <>
      <fieldset className="sign-in">
        <legend>{t("backends.auth")}</legend>
        <RadioChoices
          value={form.kind}
          choices={signInKinds}
          describe={(kind) => t(kindLabels[kind])}
          disabled={disabled}
          onChange={(kind) => {
            // A secret typed for one way of signing in is not kept for another.
            onChange({ kind, password: "", secret: "" });
          }}
        />
      </fieldset>
      {form.kind === "password" && (
        <fieldset className="sign-in">
          <legend>{t("signIn.keystone")}</legend>
          {keystoneUrl}
          <CheckedField label={t("signIn.user")} {...checked("user")} />
          <CheckedField label={t("signIn.passwordField")} {...checked("password")} type="password" />
          <CheckedField label={t("signIn.project")} {...plain("project")} error={null} hint={t("signIn.projectHint")} />
          <details>
            <summary>{t("signIn.domains")}</summary>
            <TextField label={t("signIn.userDomain")} {...plain("userDomain")} />
            <TextField label={t("signIn.projectDomain")} {...plain("projectDomain")} />
          </details>
        </fieldset>
      )}
      {form.kind === "applicationCredential" && (
        <fieldset className="sign-in">
          <legend>{t("signIn.keystone")}</legend>
          {keystoneUrl}
          <CheckedField label={t("signIn.credentialId")} {...checked("credentialId")} />
          <CheckedField label={t("signIn.secret")} {...checked("secret")} type="password" />
        </fieldset>
      )}
    </>
  );
}
