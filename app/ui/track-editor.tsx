import { Form } from "@remix-run/react";
import { useState } from "react";
import type { FieldErrors } from "~/lib/forms";
import type { Draft, DraftRow } from "~/mentoring/track-draft";
import { Badge } from "~/ui/badge";
import { SubmitButton } from "~/ui/form";
import { useT } from "~/ui/i18n";

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
  const { t } = useT();
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
        {t("mentoring.tracks.preview")}
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
        <legend>{t("mentoring.tracks.add")}</legend>
        <p className="help">{t("mentoring.tracks.addHelp")}</p>
        <StepFields
          prefix="new"
          row={added}
          errors={errors}
          previewing={previewing}
          limits={limits}
        />
        <div>
          <SubmitButton
            intent="add"
            variant="secondary"
            pendingLabel={t("mentoring.tracks.adding")}
          >
            {t("mentoring.tracks.addToList")}
          </SubmitButton>
        </div>
      </fieldset>

      <div className="actions track-save">
        <SubmitButton intent="save" pendingLabel={t("core.action.saving")}>
          {t("mentoring.tracks.saveAs", { version: next })}
        </SubmitButton>
        <PreviewGuidesButton />
      </div>
    </Form>
  );
}

/** Renders every guide as written now, saving nothing: under the form and in an outdated preview. */
function PreviewGuidesButton() {
  const { t } = useT();
  return (
    <SubmitButton
      intent="preview"
      variant="secondary"
      pendingLabel={t("mentoring.tracks.rendering")}
    >
      {t("mentoring.tracks.previewGuides")}
    </SubmitButton>
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
  const { t, day } = useT();
  return (
    <section aria-labelledby="history-heading">
      <h2 id="history-heading">{t("mentoring.tracks.history")}</h2>
      <p className="muted small">{t("mentoring.tracks.historyHelp")}</p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("mentoring.tracks.col.version")}</th>
              <th scope="col">{t("mentoring.tracks.col.saved")}</th>
              <th scope="col">{t("mentoring.tracks.col.by")}</th>
              <th scope="col">{t("mentoring.tracks.col.checkpoints")}</th>
            </tr>
          </thead>
          <tbody>
            {history.map((v) => (
              <tr key={v.version}>
                <td>
                  {v.version}{" "}
                  {v.version === currentVersion ? (
                    <Badge tone="accent">{t("mentoring.tracks.current")}</Badge>
                  ) : null}
                </td>
                <td>
                  <time dateTime={v.createdAt}>{day(v.createdAt)}</time>
                </td>
                <td>{v.creatorName ?? t("mentoring.tracks.defaultCreator")}</td>
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
  const { t, msg } = useT();
  const prefix = `checkpoints[${index}]`;
  const name = row.title.trim() || t("mentoring.tracks.untitled");
  const rowError = errors[prefix];
  const retireError = errors[`${prefix}.retire`];
  return (
    <fieldset
      className={`card track-step${row.retire ? " track-step-retiring" : ""}`}
      id={`field-${prefix}`}
      tabIndex={-1}
    >
      <legend>
        {t("mentoring.tracks.step", { number: index + 1, name })}{" "}
        {row.key ? null : <Badge tone="accent">{t("mentoring.tracks.new")}</Badge>}
        {row.retire ? <Badge tone="warn">{t("mentoring.tracks.retiring")}</Badge> : null}
      </legend>
      {rowError ? <p className="field-error">{msg(rowError)}</p> : null}
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
            aria-label={t("mentoring.tracks.moveUpLabel", { name })}
          >
            {t("mentoring.tracks.moveUp")}
          </button>
          <button
            type="submit"
            name="intent"
            value={`move:${index}:down`}
            id={`move-${index}-down`}
            className="button button-quiet"
            disabled={index === count - 1}
            aria-label={t("mentoring.tracks.moveDownLabel", { name })}
          >
            {t("mentoring.tracks.moveDown")}
          </button>
        </div>
        {row.locked ? (
          <p className="help">{t("mentoring.tracks.locked")}</p>
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
              {t("mentoring.tracks.retire")}
            </label>
            {retireError ? <p className="field-error">{msg(retireError)}</p> : null}
          </div>
        )}
        {row.locked && retireError ? (
          <p className="field-error" id={`field-${prefix}.retire`}>
            {msg(retireError)}
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
  const { t, msg, number } = useT();
  // The preview is rendered on the server from the guide as it was sent; once the guide is
  // edited after that, the preview says so instead of showing the old text as if it were current.
  const [typed, setTyped] = useState<string | null>(null);
  const outdated = typed !== null && sameText(typed) !== sameText(row.guide);
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
        <label htmlFor={`field-${titleName}`}>{t("mentoring.tracks.title")}</label>
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
            {msg(titleError)}
          </p>
        ) : null}
      </div>
      <div className="field">
        <label htmlFor={`field-${guideName}`}>
          {t("mentoring.tracks.guide")}
          <span className="optional">{t("core.field.optional")}</span>
        </label>
        <p className="help" id={`field-${guideName}-help`}>
          {t("mentoring.tracks.guideHelp", { max: number(limits.guide) })}
        </p>
        <textarea
          id={`field-${guideName}`}
          name={guideName}
          rows={4}
          defaultValue={row.guide}
          onChange={(event) => setTyped(event.currentTarget.value)}
          aria-invalid={guideError ? true : undefined}
          aria-describedby={described(guideName, guideError, true)}
        />
        {guideError ? (
          <p className="field-error" id={`field-${guideName}-error`}>
            {msg(guideError)}
          </p>
        ) : null}
        <details className="track-preview" open={previewing && row.previewHtml !== ""}>
          <summary>{t("mentoring.tracks.preview")}</summary>
          {outdated ? (
            <div className="track-preview-outdated">
              <p className="muted small">{t("mentoring.tracks.previewOutdated")}</p>
              <PreviewGuidesButton />
            </div>
          ) : row.previewHtml ? (
            <div
              className="prose"
              // Rendered on the server by renderMarkdown: sanitised to an allow-list.
              dangerouslySetInnerHTML={{ __html: row.previewHtml }}
            />
          ) : (
            <p className="muted small">{t("mentoring.tracks.noGuide")}</p>
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
        {t("mentoring.tracks.signoff")}
      </label>
      <p className="help" id={`field-${prefix}.needsSignoff-help`}>
        {t("mentoring.tracks.signoffHelp")}
      </p>
    </>
  );
}

/** A guide's text as the server keeps it: the browser's line ends and outer space don't count. */
function sameText(guide: string): string {
  return guide.replace(/\r\n?/g, "\n").trim();
}
