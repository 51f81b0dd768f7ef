import { Form } from "@remix-run/react";
import { CLOSE_REASONS, TICKET_STATUSES } from "#db/schema";
import type { FieldErrors } from "~/lib/forms";
import { CLOSE_REASON_LABELS, DIFFICULTY_LABELS, STATUS_LABELS } from "~/tickets/labels";
import { Field, FormMessage, SelectField, SubmitButton } from "./form";

export interface TicketFormValues {
  title?: string;
  body?: string;
  component?: string;
  labels?: string;
  difficulty?: string;
  starter?: string;
  status?: string;
  closeReason?: string;
}

export function TicketForm({
  values,
  errors,
  formError,
  components,
  editing,
  submitLabel,
}: {
  values: TicketFormValues;
  errors: FieldErrors;
  formError?: string;
  components: string[];
  editing: boolean;
  submitLabel: string;
}) {
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
        help="The symptom as a user would describe it."
      />
      <div className="field">
        <label htmlFor="field-body">
          Description <span className="optional">(optional)</span>
        </label>
        <p className="help" id="field-body-help">
          Markdown. Steps to reproduce, what was expected, what happened, any error text.
        </p>
        <textarea
          id="field-body"
          name="body"
          rows={10}
          defaultValue={values.body}
          aria-describedby={errors.body ? "field-body-help field-body-error" : "field-body-help"}
          aria-invalid={errors.body ? true : undefined}
        />
        {errors.body ? (
          <p className="field-error" id="field-body-error">
            {errors.body}
          </p>
        ) : null}
      </div>
      <div className="grid-2">
        <Field
          label="Component"
          name="component"
          required
          list="component-options"
          maxLength={40}
          defaultValue={values.component}
          error={errors.component}
          help="The area of the codebase, e.g. billing."
        />
        <datalist id="component-options">
          {components.map((c) => (
            <option key={c} value={c} />
          ))}
        </datalist>
        <SelectField
          label="Difficulty"
          name="difficulty"
          defaultValue={values.difficulty ?? "1"}
          error={errors.difficulty}
          options={[1, 2, 3].map((d) => ({
            value: String(d),
            label: `${d} · ${DIFFICULTY_LABELS[d]}`,
          }))}
        />
      </div>
      <Field
        label="Labels"
        name="labels"
        defaultValue={values.labels}
        error={errors.labels}
        help="Comma-separated, e.g. good first issue, ui."
      />
      <label className="checkbox">
        <input
          type="checkbox"
          name="starter"
          defaultChecked={values.starter === "on" || values.starter === "1"}
        />{" "}
        Starter ticket — offered to newcomers to learn on
      </label>
      {editing ? (
        <div className="grid-2">
          <SelectField
            label="Status"
            name="status"
            defaultValue={values.status}
            error={errors.status}
            options={TICKET_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] }))}
          />
          <SelectField
            label="If closed, why"
            name="closeReason"
            defaultValue={values.closeReason ?? ""}
            error={errors.closeReason}
            options={[
              { value: "", label: "—" },
              ...CLOSE_REASONS.map((r) => ({ value: r, label: CLOSE_REASON_LABELS[r] })),
            ]}
          />
        </div>
      ) : null}
      <div>
        <SubmitButton pendingLabel="Saving…">{submitLabel}</SubmitButton>
      </div>
    </Form>
  );
}
