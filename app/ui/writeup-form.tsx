import { Form } from "@remix-run/react";
import { useState } from "react";
import { RESOLUTIONS, type Resolution } from "#db/schema";
import { RESOLUTION_LABELS, TEMPLATES } from "~/knowledge/templates";
import type { FieldErrors } from "~/lib/forms";
import { Field, FormMessage, SubmitButton } from "./form";

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
  label: string;
  /** Marked "(optional)" in the one style every form uses. */
  optional?: boolean;
  help: string;
  value?: string;
  error?: string;
  rows?: number;
}) {
  const id = `field-${name}`;
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {optional ? <span className="optional"> (optional)</span> : null}
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
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** The write-up form: its prompts follow the chosen resolution kind's template. */
export function WriteupForm({
  values,
  errors,
  formError,
  submitLabel,
  allowPublish,
}: {
  values: WriteupFormValues;
  errors: FieldErrors;
  formError?: string;
  submitLabel: string;
  allowPublish: boolean;
}) {
  const initial = (RESOLUTIONS as readonly string[]).includes(values.resolution ?? "")
    ? (values.resolution as Resolution)
    : "fixed";
  const [resolution, setResolution] = useState<Resolution>(initial);
  const template = TEMPLATES[resolution];
  return (
    <Form method="post" className="stack card" noValidate>
      {formError ? <FormMessage tone="error">{formError}</FormMessage> : null}
      <Field
        label="Title"
        name="title"
        required
        maxLength={300}
        defaultValue={values.title}
        error={errors.title}
        help="The symptom in a few words, as someone would search for it."
      />
      <div className="field">
        <label htmlFor="field-resolution">Resolution</label>
        <select
          id="field-resolution"
          name="resolution"
          value={resolution}
          onChange={(e) => setResolution(e.currentTarget.value as Resolution)}
        >
          {RESOLUTIONS.map((r) => (
            <option key={r} value={r}>
              {RESOLUTION_LABELS[r]}
            </option>
          ))}
        </select>
        {errors.resolution ? <p className="field-error">{errors.resolution}</p> : null}
      </div>
      <TextArea
        name="symptom"
        label="Symptom"
        help={template.symptom}
        value={values.symptom}
        error={errors.symptom}
      />
      <div className="grid-2">
        <Field
          label="Component"
          name="component"
          maxLength={40}
          defaultValue={values.component}
          error={errors.component}
        />
        <Field
          label="Tags"
          name="tags"
          defaultValue={values.tags}
          error={errors.tags}
          help="Comma-separated."
        />
      </div>
      <TextArea
        name="rootCause"
        label="Root cause"
        help={template.rootCause}
        value={values.rootCause}
        error={errors.rootCause}
      />
      <TextArea
        name="fix"
        label={template.fixLabel}
        help={template.fix}
        value={values.fix}
        error={errors.fix}
      />
      <TextArea
        name="debugging"
        label="How it was debugged"
        help={template.debugging}
        value={values.debugging}
        error={errors.debugging}
      />
      <TextArea
        name="links"
        label="Links"
        optional
        rows={3}
        value={values.links}
        error={errors.links}
        help="One per line, optionally after a label: PR https://github.com/acme/app/pull/12"
      />
      <TextArea
        name="toil"
        label="Toil"
        optional
        rows={3}
        value={values.toil}
        error={errors.toil}
        help='Manual steps done by hand, one per line with the minutes: "Restarted the worker, 15".'
      />
      <div className="actions">
        <SubmitButton
          intent="save"
          variant={allowPublish ? "secondary" : "primary"}
          pendingLabel="Saving…"
        >
          {submitLabel}
        </SubmitButton>
        {allowPublish ? (
          <SubmitButton intent="publish" pendingLabel="Publishing…">
            Save and publish
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
    tags: w.tags.join(", "),
    links: w.links.map((l) => `${l.label} ${l.url}`).join("\n"),
    toil: w.toil.map((t) => `${t.description}, ${t.minutes}`).join("\n"),
  };
}
