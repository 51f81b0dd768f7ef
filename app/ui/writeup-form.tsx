import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { RESOLUTIONS, type Resolution } from "#db/schema";
import { resolutionLabelKey, TEMPLATES, type Template } from "~/knowledge/templates";
import { commaText } from "~/lib/comma-items";
import type { FieldErrors } from "~/lib/forms";
import { linkLine } from "~/lib/links";
import { Field, FieldError, FormMessage, SubmitButton, VersionField } from "./form";
import { useT } from "./i18n";

export interface WriteupFormValues {
  title?: string;
  symptom?: string;
  component?: string;
  rootCause?: string;
  fix?: string;
  debugging?: string;
  resolution?: string;
  tags?: string;
  links?: string;
  toil?: string;
}

/**
 * One part of the template (a field's prompt or label) for every resolution kind, each kind's text
 * once: the stylesheet shows the one for the option chosen in the form's resolution select
 * (`.writeup-form:has(option:checked)`, app/styles.css), so the prompts follow the choice at once
 * with or without scripts, and nothing typed is touched. Hidden texts are in no accessible name.
 */
function ByResolution({ part }: { part: keyof Template }) {
  const { t } = useT();
  const kinds = new Map<Template[typeof part], Resolution[]>();
  for (const r of RESOLUTIONS)
    kinds.set(TEMPLATES[r][part], [...(kinds.get(TEMPLATES[r][part]) ?? []), r]);
  return (
    <>
      {[...kinds].map(([key, resolutions]) => (
        <span key={key} className="by-resolution" data-resolutions={resolutions.join(" ")}>
          {t(key)}
        </span>
      ))}
    </>
  );
}

function TextArea({
  name,
  label,
  help,
  value,
  error,
  rows = 5,
  optional = false,
}: {
  name: string;
  label: ReactNode;
  /** Marked "(optional)" in the one style every form uses. */
  optional?: boolean;
  help: ReactNode;
  value?: string;
  error?: string;
  rows?: number;
}) {
  const id = `field-${name}`;
  const { t, msg } = useT();
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {optional ? <span className="optional">{t("core.field.optional")}</span> : null}
      </label>
      <p className="help" id={`${id}-help`}>
        {help}
      </p>
      <textarea
        id={id}
        name={name}
        rows={rows}
        defaultValue={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-help ${id}-error` : `${id}-help`}
      />
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {msg(error)}
        </p>
      ) : null}
    </div>
  );
}

/**
 * The write-up form: its prompts follow the chosen resolution kind's template, without scripts
 * too (ByResolution).
 */
export function WriteupForm({
  values,
  errors,
  formError,
  submitLabel,
  allowPublish,
  version,
}: {
  values: WriteupFormValues;
  errors: FieldErrors;
  formError?: string;
  submitLabel: string;
  allowPublish: boolean;
  /** Editing: the write-up's updated_at as opened, so a save made since refuses this one. */
  version?: string;
}) {
  const initial = (RESOLUTIONS as readonly string[]).includes(values.resolution ?? "")
    ? (values.resolution as Resolution)
    : "fixed";
  const { t, msg } = useT();
  // Every field with an error, in the form's order, each a link to it: on a phone the form is
  // several screens long, and the field marked may be far below the message. The parts left to
  // write before publishing come first; any other field marked follows ("Also check: Title").
  const fields = [
    ["title", t("knowledge.form.title")],
    ["resolution", t("knowledge.form.resolution")],
    ["symptom", t("knowledge.section.symptom")],
    ["component", t("knowledge.form.component")],
    ["tags", t("knowledge.form.tags")],
    ["rootCause", t("knowledge.section.rootCause")],
    // Named as the kind this answer refused it for, whatever is chosen since.
    ["fix", t(TEMPLATES[initial].fixLabel)],
    ["debugging", t("knowledge.section.debugging")],
    ["links", t("knowledge.section.links")],
    ["toil", t("knowledge.form.toil")],
  ] as const;
  const toWrite = fields.filter(([name]) =>
    errors[name]?.startsWith(`knowledge.field.${name}.requiredToPublish`),
  );
  const toCheck = fields.filter(([name]) => errors[name] && !toWrite.some(([n]) => n === name));
  const links = (list: readonly (readonly [string, string])[]) =>
    list.map(([name, label], i) => (
      <span key={name}>
        {i > 0 ? ", " : null}
        <a
          href={`#field-${name}`}
          onClick={(event) => {
            // A change of the address's fragment is a navigation to Remix, which would drop
            // the answer this message and the fields' errors come from: move there instead.
            const field = document.getElementById(`field-${name}`);
            if (!field) return;
            event.preventDefault();
            field.scrollIntoView({ block: "center" });
            field.focus({ preventScroll: true });
          }}
        >
          {label}
        </a>
      </span>
    ));
  return (
    <Form method="post" className="stack card writeup-form" noValidate>
      <VersionField version={version} />
      {formError && toWrite.length ? (
        <FormMessage tone="error">
          {msg(formError)} {links(toWrite)}
          {toCheck.length ? (
            <>
              {". "}
              {t("knowledge.form.alsoCheck")} {links(toCheck)}
            </>
          ) : null}
        </FormMessage>
      ) : formError ? (
        <FormMessage tone="error">{formError}</FormMessage>
      ) : null}
      <Field
        label={t("knowledge.form.title")}
        name="title"
        required
        maxLength={300}
        defaultValue={values.title}
        error={errors.title}
        help={t("knowledge.form.titleHelp")}
      />
      <div className="field">
        <label htmlFor="field-resolution">{t("knowledge.form.resolution")}</label>
        <select
          id="field-resolution"
          name="resolution"
          defaultValue={initial}
          aria-invalid={errors.resolution ? true : undefined}
          aria-describedby={errors.resolution ? "field-resolution-error" : undefined}
        >
          {RESOLUTIONS.map((r) => (
            <option key={r} value={r}>
              {t(resolutionLabelKey(r))}
            </option>
          ))}
        </select>
        <FieldError id="field-resolution-error" error={errors.resolution} />
      </div>
      <TextArea
        name="symptom"
        label={t("knowledge.section.symptom")}
        help={<ByResolution part="symptom" />}
        value={values.symptom}
        error={errors.symptom}
      />
      <div className="grid-2">
        <Field
          label={t("knowledge.form.component")}
          name="component"
          maxLength={40}
          defaultValue={values.component}
          error={errors.component}
        />
        <Field
          label={t("knowledge.form.tags")}
          name="tags"
          defaultValue={values.tags}
          error={errors.tags}
          help={t("knowledge.form.tagsHelp")}
        />
      </div>
      <TextArea
        name="rootCause"
        label={t("knowledge.section.rootCause")}
        help={<ByResolution part="rootCause" />}
        value={values.rootCause}
        error={errors.rootCause}
      />
      <TextArea
        name="fix"
        label={<ByResolution part="fixLabel" />}
        help={<ByResolution part="fix" />}
        value={values.fix}
        error={errors.fix}
      />
      <TextArea
        name="debugging"
        label={t("knowledge.section.debugging")}
        help={<ByResolution part="debugging" />}
        value={values.debugging}
        error={errors.debugging}
      />
      <TextArea
        name="links"
        label={t("knowledge.section.links")}
        optional
        rows={3}
        value={values.links}
        error={errors.links}
        help={t("knowledge.form.linksHelp")}
      />
      <TextArea
        name="toil"
        label={t("knowledge.form.toil")}
        optional
        rows={3}
        value={values.toil}
        error={errors.toil}
        help={t("knowledge.form.toilHelp")}
      />
      <div className="actions">
        <SubmitButton
          intent="save"
          variant={allowPublish ? "secondary" : "primary"}
          pendingLabel={t("core.action.saving")}
        >
          {submitLabel}
        </SubmitButton>
        {allowPublish ? (
          <SubmitButton intent="publish" pendingLabel={t("knowledge.form.publishing")}>
            {t("knowledge.form.saveAndPublish")}
          </SubmitButton>
        ) : null}
      </div>
    </Form>
  );
}

/** The form's text back from a stored write-up. */
export function writeupValues(w: {
  title: string;
  symptom: string;
  component: string;
  root_cause: string;
  fix: string;
  debugging: string;
  resolution: string;
  tags: string[];
  links: { label: string; url: string }[];
  toil: { description: string; minutes: number }[];
}): WriteupFormValues {
  return {
    title: w.title,
    symptom: w.symptom,
    component: w.component,
    rootCause: w.root_cause,
    fix: w.fix,
    debugging: w.debugging,
    resolution: w.resolution,
    tags: commaText(w.tags),
    links: w.links.map(linkLine).join("\n"),
    toil: w.toil.map((t) => `${t.description}, ${t.minutes}`).join("\n"),
  };
}
