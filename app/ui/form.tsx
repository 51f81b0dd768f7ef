import { useNavigation } from "@remix-run/react";
import { type ReactNode, useEffect, useRef } from "react";
import { useFocusOnAppear } from "./focus";
import { useT } from "./i18n";

interface FieldProps {
  label: string;
  name: string;
  type?: "text" | "email" | "password" | "date" | "number" | "search" | "url";
  defaultValue?: string | null;
  error?: string;
  help?: ReactNode;
  autoComplete?: string;
  required?: boolean;
  autoFocus?: boolean;
  min?: number;
  max?: number;
  maxLength?: number;
  list?: string;
  placeholder?: string;
}

/** A labelled input with its help text and its error wired up for screen readers. */
export function Field({
  label,
  name,
  type = "text",
  error,
  help,
  defaultValue,
  ...rest
}: FieldProps) {
  const id = `field-${name}`;
  const { t } = useT();
  const describedBy = [help ? `${id}-help` : null, error ? `${id}-error` : null].filter(Boolean);
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {rest.required ? null : <span className="optional">{t("core.field.optional")}</span>}
      </label>
      {help ? (
        <p className="help" id={`${id}-help`}>
          {help}
        </p>
      ) : null}
      <input
        id={id}
        name={name}
        type={type}
        defaultValue={defaultValue ?? undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy.length ? describedBy.join(" ") : undefined}
        {...rest}
      />
      <FieldError id={`${id}-error`} error={error} />
    </div>
  );
}

interface SelectFieldProps {
  label: string;
  name: string;
  /** `lang` marks an option written in another language than the page (a language's own name). */
  options: readonly { value: string; label: string; lang?: string }[];
  defaultValue?: string | null;
  error?: string;
  help?: ReactNode;
}

export function SelectField({ label, name, options, defaultValue, error, help }: SelectFieldProps) {
  const id = `field-${name}`;
  const describedBy = [help ? `${id}-help` : null, error ? `${id}-error` : null].filter(Boolean);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {help ? (
        <p className="help" id={`${id}-help`}>
          {help}
        </p>
      ) : null}
      <select
        id={id}
        name={name}
        defaultValue={defaultValue ?? undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy.length ? describedBy.join(" ") : undefined}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value} lang={o.lang}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldError id={`${id}-error`} error={error} />
    </div>
  );
}

/** A field's error: a message made on the server with `k()`, shown in the page's language. */
/** A field's error message, with the id its input's aria-describedby names; nothing when none. */
export function FieldError({ id, error }: { id: string; error?: string }) {
  const { msg } = useT();
  return error ? (
    <p className="field-error" id={id}>
      {msg(error)}
    </p>
  ) : null;
}

/**
 * A message about the whole form, announced when it appears. A string child is taken as a
 * message made on the server (`k()`) and shown in the page's language.
 */
export function FormMessage({
  tone,
  children,
}: {
  tone: "error" | "success";
  children: ReactNode;
}) {
  const { msg } = useT();
  const ref = useRef<HTMLDivElement>(null);
  useFocusOnAppear(ref);
  return (
    <div
      ref={ref}
      className={`notice notice-${tone}`}
      role={tone === "error" ? "alert" : "status"}
      tabIndex={-1}
      data-form-result=""
    >
      {typeof children === "string" ? msg(children) : children}
    </div>
  );
}

/** A submit button that says it is working while its form is in flight. */
export function SubmitButton({
  children,
  pendingLabel,
  intent,
  variant = "primary",
  wraps = false,
}: {
  children: ReactNode;
  pendingLabel?: string;
  intent?: string;
  variant?: "primary" | "secondary" | "danger";
  /** The label holds someone's text (a name), which may be longer than the line: it wraps. */
  wraps?: boolean;
}) {
  const navigation = useNavigation();
  const pending =
    navigation.state === "submitting" &&
    (intent === undefined || navigation.formData?.get("intent") === intent);
  return (
    <button
      type="submit"
      className={`button button-${variant}${wraps ? " button-wraps" : ""}`}
      name={intent ? "intent" : undefined}
      value={intent}
      aria-disabled={pending || undefined}
    >
      {pending && pendingLabel ? pendingLabel : children}
    </button>
  );
}

/**
 * A new password and the same again, with the length help: joining by invite, the first lead's
 * setup and a reset link ask for one the same way. `labels` names the two fields on that page.
 */
export function NewPasswordFields({
  labels,
  errors,
}: {
  labels: { password: string; confirm: string };
  errors: { password?: string; confirm?: string };
}) {
  const { t } = useT();
  return (
    <>
      <Field
        label={labels.password}
        name="password"
        type="password"
        autoComplete="new-password"
        required
        error={errors.password}
        help={t("core.invite.passwordHelp")}
      />
      <Field
        label={labels.confirm}
        name="confirm"
        type="password"
        autoComplete="new-password"
        required
        error={errors.confirm}
      />
    </>
  );
}

/**
 * The version a form was opened at (the record's updated_at), sent back with it so a save made on
 * an older version is refused (409) rather than silently replacing someone else's.
 */
export function VersionField({ version }: { version?: string | null }) {
  return version ? <input type="hidden" name="version" value={version} /> : null;
}

/**
 * A note's form (a comment, "I'm stuck", a nudge) that stays on its page: once what it sent is
 * saved, its text boxes empty and the disclosure holding it folds, as a page loaded afresh shows
 * them. Without this, a sent note stayed in its open box, one tap from being sent twice. A
 * refused note keeps what was typed. `saved` says whether the last answer was a success.
 */
export function useClearedOnSave(saved: boolean) {
  const ref = useRef<HTMLFormElement>(null);
  const sent = useRef(false);
  const idle = useNavigation().state === "idle";
  useEffect(() => {
    if (!idle || !sent.current) return;
    sent.current = false;
    const form = ref.current;
    if (!saved || !form) return;
    for (const box of form.querySelectorAll("textarea")) box.value = "";
    const details = form.closest("details");
    if (details) details.open = false;
  }, [idle, saved]);
  return {
    ref,
    onSubmit: () => {
      sent.current = true;
    },
  };
}
