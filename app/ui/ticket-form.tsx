import { Form, Link } from "@remix-run/react";
import { type FormEvent, useCallback, useEffect, useRef, useState } from "react";
import { CLOSE_REASONS, type Resolution, TICKET_STATUSES } from "#db/schema";
import type { FieldErrors } from "~/lib/forms";
import { DIFFICULTY_LEVELS } from "~/tickets/labels";
import { Field, FormMessage, SelectField, SubmitButton, VersionField } from "./form";
import { useT } from "./i18n";

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
  version,
}: {
  values: TicketFormValues;
  errors: FieldErrors;
  formError?: string;
  components: string[];
  editing: boolean;
  submitLabel: string;
  /** Editing: the ticket's updated_at as opened, so a change made since refuses this save. */
  version?: string;
}) {
  const related = useRelatedWriteups(!editing);
  const { t, msg } = useT();
  return (
    <Form
      method="post"
      className="stack card"
      noValidate
      ref={related.formRef}
      onInput={editing ? undefined : related.onInput}
    >
      <VersionField version={version} />
      {formError ? <FormMessage tone="error">{formError}</FormMessage> : null}
      <Field
        label={t("tickets.form.title")}
        name="title"
        required
        maxLength={300}
        defaultValue={values.title}
        error={errors.title}
        help={t("tickets.form.titleHelp")}
      />
      <div className="field">
        <label htmlFor="field-body">
          {t("tickets.form.description")}
          <span className="optional">{t("core.field.optional")}</span>
        </label>
        <p className="help" id="field-body-help">
          {t("tickets.form.descriptionHelp")}
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
            {msg(errors.body)}
          </p>
        ) : null}
      </div>
      {editing ? null : <RelatedWriteups results={related.results} />}
      <div className="grid-2">
        <Field
          label={t("tickets.form.component")}
          name="component"
          required
          list="component-options"
          maxLength={40}
          defaultValue={values.component}
          error={errors.component}
          help={t("tickets.form.componentHelp")}
        />
        <datalist id="component-options">
          {components.map((c) => (
            <option key={c} value={c} />
          ))}
        </datalist>
        <SelectField
          label={t("tickets.form.difficulty")}
          name="difficulty"
          defaultValue={values.difficulty ?? "1"}
          error={errors.difficulty}
          options={DIFFICULTY_LEVELS.map((d) => ({
            value: String(d),
            label: t("tickets.difficulty.option", { level: d, name: t(`core.difficulty.${d}`) }),
          }))}
        />
      </div>
      <Field
        label={t("tickets.form.labels")}
        name="labels"
        defaultValue={values.labels}
        error={errors.labels}
        help={t("tickets.form.labelsHelp")}
      />
      <label className="checkbox">
        <input
          type="checkbox"
          name="starter"
          defaultChecked={values.starter === "on" || values.starter === "1"}
        />{" "}
        {t("tickets.form.starter")}
      </label>
      {editing ? (
        <div className="grid-2">
          <SelectField
            label={t("tickets.form.status")}
            name="status"
            defaultValue={values.status}
            error={errors.status}
            options={TICKET_STATUSES.map((s) => ({ value: s, label: t(`core.ticketStatus.${s}`) }))}
          />
          <SelectField
            label={t("tickets.form.closeReason")}
            name="closeReason"
            defaultValue={values.closeReason ?? ""}
            error={errors.closeReason}
            options={[
              { value: "", label: "—" },
              ...CLOSE_REASONS.map((r) => ({ value: r, label: t(`core.closeReason.${r}`) })),
            ]}
          />
        </div>
      ) : null}
      <div>
        <SubmitButton pendingLabel={t("core.action.saving")}>{submitLabel}</SubmitButton>
      </div>
    </Form>
  );
}

interface RelatedWriteup {
  id: number;
  title: string;
  resolution: Resolution;
}

const RELATED_DELAY_MS = 400;

/**
 * The text to compare: the title and the start of the description, as the ticket page does, and
 * the title alone, whose words a long text keeps first.
 */
function relatedQuery(form: HTMLFormElement): { q: string; title: string } {
  const field = (name: string) => {
    const el = form.elements.namedItem(name);
    return el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement ? el.value : "";
  };
  const title = field("title").trim().slice(0, 300);
  return { q: `${field("title")} ${field("body").slice(0, 500)}`.trim().slice(0, 1000), title };
}

/**
 * "This may already be answered" while a ticket is being written: asks /kb/related for the
 * write-ups most like the title and description, 400 ms after typing pauses. A plain fetch,
 * not a fetcher: a failed suggestion must never replace the form with an error page or
 * navigate away from what was typed; it just shows nothing.
 */
function useRelatedWriteups(enabled: boolean) {
  const formRef = useRef<HTMLFormElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const inflight = useRef<AbortController>();
  const lastQuery = useRef("");
  const [results, setResults] = useState<RelatedWriteup[]>([]);

  const load = useCallback(async ({ q, title }: { q: string; title: string }) => {
    if (q === lastQuery.current) return;
    lastQuery.current = q;
    inflight.current?.abort();
    if (q.length < 3) {
      setResults([]);
      return;
    }
    const controller = new AbortController();
    inflight.current = controller;
    try {
      const response = await fetch(`/kb/related?${new URLSearchParams({ q, title })}`, {
        signal: controller.signal,
        headers: { Accept: "application/json" },
        redirect: "manual",
      });
      if (!response.ok) return;
      const body = (await response.json()) as { results?: RelatedWriteup[] };
      if (!controller.signal.aborted) setResults(Array.isArray(body.results) ? body.results : []);
    } catch {
      // Aborted by newer typing, or offline: keep quiet.
    }
  }, []);

  const schedule = useCallback(() => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      if (formRef.current) void load(relatedQuery(formRef.current));
    }, RELATED_DELAY_MS);
  }, [load]);

  useEffect(() => {
    // A form shown again with the user's input (after a validation error) checks it at once.
    if (enabled) schedule();
    return () => {
      clearTimeout(timer.current);
      inflight.current?.abort();
    };
  }, [enabled, schedule]);

  const onInput = useCallback(
    (event: FormEvent<HTMLFormElement>) => {
      const target = event.target as { name?: string };
      if (target.name === "title" || target.name === "body") schedule();
    },
    [schedule],
  );

  return { formRef, onInput, results };
}

function RelatedWriteups({ results }: { results: RelatedWriteup[] }) {
  const { t } = useT();
  return (
    <div aria-live="polite">
      {results.length ? (
        <section className="notice related-writeups" aria-labelledby="related-writeups-heading">
          <h2 id="related-writeups-heading" className="small">
            {t("tickets.form.related.heading")}
          </h2>
          <p className="help">{t("tickets.form.related.help")}</p>
          <ul className="plain-list">
            {results.map((r) => (
              <li key={r.id}>
                <Link to={`/kb/${r.id}`} target="_blank" rel="noopener">
                  {r.title}
                </Link>{" "}
                <span className="muted small">· {t(`core.resolution.${r.resolution}`)}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
