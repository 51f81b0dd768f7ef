import { Form } from "@remix-run/react";
import type { FieldErrors } from "~/lib/forms";
import { formatDay } from "~/lib/time";
import type { Draft, DraftRow } from "~/mentoring/track-draft";
import { Badge } from "~/ui/badge";
import { SubmitButton } from "~/ui/form";

// The checkpoint track editor's form and version history (routes/tracks.tsx). Every control is a
// plain submit button, so moving, adding and previewing work before JavaScript loads.

export interface ShownRow extends DraftRow {
  /** Root cause and Write-up can't be retired. */
  locked: boolean;
  previewHtml: string;
}

/** The lengths the fields announce (the track's limits). */
export interface Limits {
  title: number;
  guide: number;
}

/** One form for the whole track: a fieldset per checkpoint, then "Add a checkpoint". */
export function TrackEditorForm({
  draft,
  nextVersion: next,
  errors,
  previewing,
  limits,
}: {
  draft: Draft<ShownRow>;
  nextVersion: number;
  errors: FieldErrors;
  previewing: boolean;
  limits: Limits;
}) {
  const { rows, added } = draft;
  return (
    <Form method="post" className="stack" noValidate preventScrollReset>
      {/* Enter in a text field previews instead of moving or saving. */}
      <button
        type="submit"
        name="intent"
        value="preview"
        className="visually-hidden"
        tabIndex={-1}
        aria-hidden="true"
      >
        Preview
      </button>
      <input type="hidden" name="baseVersion" value={draft.baseVersion} />
      <ol className="track-steps">
        {rows.map((row, index) => (
          <li key={`${index}-${row.key}`}>
            <CheckpointFieldset
              index={index}
              count={rows.length}
              row={row}
              errors={errors}
              previewing={previewing}
              limits={limits}
            />
          </li>
        ))}
      </ol>

      <fieldset className="card track-step track-step-new">
        <legend>Add a checkpoint</legend>
        <p className="help">
          Leave it empty to add nothing. "Add to the list" places it last without saving; it is also
          saved with the rest when you save.
        </p>
        <StepFields
          prefix="new"
          row={added}
          errors={errors}
          previewing={previewing}
          limits={limits}
        />
        <div>
          <SubmitButton intent="add" variant="secondary" pendingLabel="Adding…">
            Add to the list
          </SubmitButton>
        </div>
      </fieldset>

      <div className="actions track-save">
        <SubmitButton intent="save" pendingLabel="Saving…">
          Save as version {next}
        </SubmitButton>
        <SubmitButton intent="preview" variant="secondary" pendingLabel="Rendering…">
          Preview guides
        </SubmitButton>
      </div>
    </Form>
  );
}

/** Old versions, newest first; the current one is marked. */
export function TrackHistory({
  history,
  currentVersion,
}: {
  history: readonly {
    version: number;
    createdAt: string;
    creatorName: string | null;
    checkpointCount: number;
  }[];
  currentVersion: number;
}) {
  return (
    <section aria-labelledby="history-heading">
      <h2 id="history-heading">Version history</h2>
      <p className="muted small">
        Old versions never change: assignments claimed on them keep their steps.
      </p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Saved</th>
              <th scope="col">By</th>
              <th scope="col">Checkpoints</th>
            </tr>
          </thead>
          <tbody>
            {history.map((v) => (
              <tr key={v.version}>
                <td>
                  {v.version}{" "}
                  {v.version === currentVersion ? <Badge tone="accent">current</Badge> : null}
                </td>
                <td>
                  <time dateTime={v.createdAt}>{formatDay(v.createdAt)}</time>
                </td>
                <td>{v.creatorName ?? "Koan (the default track)"}</td>
                <td>{v.checkpointCount}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function CheckpointFieldset({
  index,
  count,
  row,
  errors,
  previewing,
  limits,
}: {
  index: number;
  count: number;
  row: ShownRow;
  errors: FieldErrors;
  previewing: boolean;
  limits: Limits;
}) {
  const prefix = `checkpoints[${index}]`;
  const name = row.title.trim() || "untitled checkpoint";
  const rowError = errors[prefix];
  const retireError = errors[`${prefix}.retire`];
  return (
    <fieldset
      className={`card track-step${row.retire ? " track-step-retiring" : ""}`}
      id={`field-${prefix}`}
      tabIndex={-1}
    >
      <legend>
        Step {index + 1}: {name} {row.key ? null : <Badge tone="accent">new</Badge>}
        {row.retire ? <Badge tone="warn">retiring</Badge> : null}
      </legend>
      {rowError ? <p className="field-error">{rowError}</p> : null}
      <input type="hidden" name={`${prefix}.key`} value={row.key} />
      <StepFields
        prefix={prefix}
        row={row}
        errors={errors}
        previewing={previewing}
        limits={limits}
      />
      <div className="track-step-tools">
        <div className="actions">
          <button
            type="submit"
            name="intent"
            value={`move:${index}:up`}
            id={`move-${index}-up`}
            className="button button-quiet"
            disabled={index === 0}
            aria-label={`Move up: ${name}`}
          >
            ↑ Move up
          </button>
          <button
            type="submit"
            name="intent"
            value={`move:${index}:down`}
            id={`move-${index}-down`}
            className="button button-quiet"
            disabled={index === count - 1}
            aria-label={`Move down: ${name}`}
          >
            ↓ Move down
          </button>
        </div>
        {row.locked ? (
          <p className="help">
            Stays on every version: works as designed goes from Root cause straight to Write-up.
          </p>
        ) : (
          <div className="field">
            <label className="checkbox">
              <input
                type="checkbox"
                name={`${prefix}.retire`}
                id={`field-${prefix}.retire`}
                defaultChecked={row.retire}
                aria-invalid={retireError ? true : undefined}
              />
              Retire this checkpoint when saving
            </label>
            {retireError ? <p className="field-error">{retireError}</p> : null}
          </div>
        )}
        {row.locked && retireError ? (
          <p className="field-error" id={`field-${prefix}.retire`}>
            {retireError}
          </p>
        ) : null}
      </div>
    </fieldset>
  );
}

/** Title, guide (with its rendered preview) and sign-off: the same for existing and new steps. */
function StepFields({
  prefix,
  row,
  errors,
  previewing,
  limits,
}: {
  prefix: string;
  row: ShownRow;
  errors: FieldErrors;
  previewing: boolean;
  limits: Limits;
}) {
  const titleName = `${prefix}.title`;
  const guideName = `${prefix}.guide`;
  const titleError = errors[titleName];
  const guideError = errors[guideName];
  const described = (name: string, error: string | undefined, help?: boolean) =>
    [help ? `field-${name}-help` : null, error ? `field-${name}-error` : null]
      .filter(Boolean)
      .join(" ") || undefined;
  return (
    <>
      <div className="field">
        <label htmlFor={`field-${titleName}`}>Title</label>
        <input
          id={`field-${titleName}`}
          name={titleName}
          type="text"
          defaultValue={row.title}
          maxLength={limits.title}
          aria-invalid={titleError ? true : undefined}
          aria-describedby={described(titleName, titleError)}
        />
        {titleError ? (
          <p className="field-error" id={`field-${titleName}-error`}>
            {titleError}
          </p>
        ) : null}
      </div>
      <div className="field">
        <label htmlFor={`field-${guideName}`}>
          Guide <span className="optional">(optional)</span>
        </label>
        <p className="help" id={`field-${guideName}-help`}>
          Markdown: what good evidence looks like. Up to {limits.guide.toLocaleString("en")}{" "}
          characters.
        </p>
        <textarea
          id={`field-${guideName}`}
          name={guideName}
          rows={4}
          defaultValue={row.guide}
          aria-invalid={guideError ? true : undefined}
          aria-describedby={described(guideName, guideError, true)}
        />
        {guideError ? (
          <p className="field-error" id={`field-${guideName}-error`}>
            {guideError}
          </p>
        ) : null}
        <details className="track-preview" open={previewing && row.previewHtml !== ""}>
          <summary>Preview</summary>
          {row.previewHtml ? (
            <div
              className="prose"
              // Rendered on the server by renderMarkdown: sanitised to an allow-list.
              dangerouslySetInnerHTML={{ __html: row.previewHtml }}
            />
          ) : (
            <p className="muted small">No guide yet.</p>
          )}
        </details>
      </div>
      <label className="checkbox">
        <input
          type="checkbox"
          name={`${prefix}.needsSignoff`}
          defaultChecked={row.needsSignoff}
          aria-describedby={`field-${prefix}.needsSignoff-help`}
        />
        Needs mentor sign-off
      </label>
      <p className="help" id={`field-${prefix}.needsSignoff-help`}>
        Without it, the newcomer's evidence completes the step on its own.
      </p>
    </>
  );
}
