import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useEffect } from "react";
import { z } from "zod";
import { requireRole } from "~/auth/current-user.server";
import { db } from "~/lib/db.server";
import type { FieldErrors } from "~/lib/forms";
import { invariantFound, notFound, readForm } from "~/lib/http.server";
import { renderMarkdown } from "~/lib/markdown.server";
import { formatDay } from "~/lib/time";
import {
  type CheckpointDraft,
  getTrackForEditing,
  PROTECTED_KEYS,
  saveTrackVersion,
  TRACK_LIMITS,
  type TrackIssue,
} from "~/mentoring/tracks.server";
import { Badge } from "~/ui/badge";
import { FormMessage, SubmitButton } from "~/ui/form";

export const meta: MetaFunction = () => [{ title: "Checkpoint track · Koan" }];

// One form holds the whole track: a fieldset per checkpoint, named `checkpoints[i].title` and
// so on, plus an "Add a checkpoint" fieldset named `new.*`. Move, add and preview re-render the
// draft from the server without saving, so every edit works before JavaScript loads; only
// "Save" writes, as a new version.

interface DraftRow {
  key: string;
  title: string;
  guide: string;
  needsSignoff: boolean;
  retire: boolean;
}

interface ShownRow extends DraftRow {
  /** Root cause and Write-up can't be retired. */
  locked: boolean;
  previewHtml: string;
}

interface Draft {
  baseVersion: number;
  rows: ShownRow[];
  added: ShownRow;
}

interface EditorReply {
  /** Changes with every reply, so the form re-mounts with exactly what the server sent. */
  revision: string;
  draft?: Draft;
  errors: FieldErrors;
  formError?: string;
  notice?: string;
  message?: string;
  previewing?: boolean;
  /** The control to focus after a move, as a screen reader user would expect. */
  focusId?: string;
}

const MAX_ROWS = 40;
const EMPTY_ROW: DraftRow = { key: "", title: "", guide: "", needsSignoff: false, retire: false };

function show(row: DraftRow): ShownRow {
  return {
    ...row,
    locked: PROTECTED_KEYS.includes(row.key),
    previewHtml: row.guide.trim() ? renderMarkdown(row.guide) : "",
  };
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["lead"]);
  const track = await getTrackForEditing(db);
  invariantFound(track, "There is no checkpoint track yet.");
  return {
    track,
    rows: track.checkpoints.map((c) => show({ ...c, retire: false })),
    limits: TRACK_LIMITS,
  };
}

const rowSchema = z.object({
  key: z.string().trim().max(80).default(""),
  title: z.string().default(""),
  guide: z.string().default(""),
  needsSignoff: z
    .string()
    .optional()
    .transform((v) => v !== undefined),
  retire: z
    .string()
    .optional()
    .transform((v) => v !== undefined),
});

const editorSchema = z.object({
  intent: z.union([
    z.enum(["save", "add", "preview"]),
    z.string().regex(/^move:\d{1,2}:(up|down)$/),
  ]),
  baseVersion: z.coerce.number().int().positive(),
  checkpoints: z.array(rowSchema).max(MAX_ROWS),
  added: rowSchema,
});

/** `checkpoints[2].title` → checkpoints[2].title, `new.title` → added.title; the rest as is. */
function readEditorFields(formData: FormData) {
  const rows: Record<string, string>[] = [];
  const added: Record<string, string> = {};
  const plain: Record<string, string> = {};
  for (const [name, value] of formData) {
    if (typeof value !== "string") continue;
    const row = /^checkpoints\[(\d{1,2})\]\.(\w+)$/.exec(name);
    const add = /^new\.(\w+)$/.exec(name);
    if (row?.[1] && row[2]) {
      const index = Number(row[1]);
      rows[index] = { ...rows[index], [row[2]]: value };
    } else if (add?.[1]) added[add[1]] = value;
    else plain[name] = value;
  }
  // Holes (a row index never sent) close up; the re-rendered form numbers rows afresh.
  return { ...plain, checkpoints: rows.filter(Boolean), added };
}

const fieldName = (index: number, field: string) => `checkpoints[${index}].${field}`;

function reply(
  input: Omit<EditorReply, "revision" | "errors" | "draft"> & {
    errors?: FieldErrors;
    draft?: { baseVersion: number; rows: DraftRow[]; added: DraftRow };
  },
  status = 200,
) {
  const { draft, ...rest } = input;
  const body: EditorReply = {
    ...rest,
    errors: input.errors ?? {},
    revision: crypto.randomUUID(),
    draft: draft && {
      baseVersion: draft.baseVersion,
      rows: draft.rows.map(show),
      added: show(draft.added),
    },
  };
  return data(body, { status });
}

export async function action({ request }: ActionFunctionArgs) {
  const lead = await requireRole(request, ["lead"]);
  const formData = await readForm(request);
  const parsed = editorSchema.safeParse({
    intent: "preview",
    ...readEditorFields(formData),
  });
  if (!parsed.success) {
    return reply({ formError: "The form could not be read. Reload the page and try again." }, 400);
  }
  const { intent, baseVersion } = parsed.data;
  let rows: DraftRow[] = parsed.data.checkpoints;
  const added: DraftRow = parsed.data.added;

  const move = /^move:(\d+):(up|down)$/.exec(intent);
  if (move) {
    const from = Number(move[1]);
    const to = move[2] === "up" ? from - 1 : from + 1;
    const a = rows[from];
    const b = rows[to];
    if (a && b) {
      rows = rows.slice();
      rows[from] = b;
      rows[to] = a;
    }
    const moved = a && b ? to : from;
    const atEdge =
      (move[2] === "up" && moved === 0) || (move[2] === "down" && moved === rows.length - 1);
    const direction = atEdge ? (move[2] === "up" ? "down" : "up") : move[2];
    return reply({
      draft: { baseVersion, rows, added },
      notice: "Order changed. Nothing is saved until you save a new version.",
      focusId: `move-${moved}-${direction}`,
    });
  }

  if (intent === "add") {
    const errors: FieldErrors = {};
    if (!added.title.trim()) errors["new.title"] = "Give the new checkpoint a title.";
    else if (rows.filter((r) => !r.retire).length >= TRACK_LIMITS.maxCheckpoints)
      errors["new.title"] =
        `A track has at most ${TRACK_LIMITS.maxCheckpoints} checkpoints: retire one first.`;
    if (Object.keys(errors).length)
      return reply({ draft: { baseVersion, rows, added }, errors }, 400);
    return reply({
      draft: {
        baseVersion,
        rows: [...rows, { ...added, key: "", retire: false }],
        added: EMPTY_ROW,
      },
      notice: `Added “${added.title.trim()}” at the end. Nothing is saved until you save a new version.`,
      focusId: `field-${fieldName(rows.length, "title")}`,
    });
  }

  if (intent === "preview") {
    return reply({
      draft: { baseVersion, rows, added },
      previewing: true,
      notice: "This is a preview of your changes: nothing is saved yet.",
    });
  }

  // Save: every checkpoint not marked for retiring, then the new one if anything was typed there.
  const sources: string[] = [];
  const checkpoints: CheckpointDraft[] = [];
  rows.forEach((row, index) => {
    if (row.retire) return;
    sources.push(`checkpoints[${index}]`);
    checkpoints.push({
      key: row.key || undefined,
      title: row.title,
      guide: row.guide,
      needsSignoff: row.needsSignoff,
    });
  });
  if (added.title.trim() || added.guide.trim()) {
    sources.push("new");
    checkpoints.push({ title: added.title, guide: added.guide, needsSignoff: added.needsSignoff });
  }
  const result = await saveTrackVersion(db, { actorId: lead.id, baseVersion, checkpoints });
  const draft = { baseVersion, rows, added };
  if (result.ok) {
    return reply({
      message: `Saved version ${result.version}. Tickets claimed from now on follow it.`,
    });
  }
  switch (result.reason) {
    case "invalid": {
      const { errors, formError } = placeIssues(result.issues, sources, rows);
      return reply({ draft, errors, formError }, 400);
    }
    case "stale":
      return reply(
        {
          draft: { ...draft, baseVersion: result.currentVersion },
          formError: `Someone saved version ${result.currentVersion} while you were editing, so yours was not saved. Saving again replaces their list with yours for new claims; to keep their changes, reload the page and make yours again.`,
        },
        409,
      );
    case "unchanged":
      return reply({
        draft,
        notice: `Nothing changed, so the track is still version ${result.currentVersion}.`,
      });
    case "not_found":
      throw notFound("There is no checkpoint track yet.");
  }
}

/** Puts each domain issue at the field it is about, or above the form. */
function placeIssues(issues: TrackIssue[], sources: string[], rows: DraftRow[]) {
  const errors: FieldErrors = {};
  const general: string[] = [];
  for (const issue of issues) {
    const source = issue.index === null ? undefined : sources[issue.index];
    let name: string | undefined;
    if (source)
      name =
        issue.field === "title" || issue.field === "guide" ? `${source}.${issue.field}` : source;
    else if (issue.key) {
      const index = rows.findIndex((r) => r.key === issue.key);
      if (index >= 0) name = fieldName(index, "retire");
    }
    if (name) errors[name] ??= issue.message;
    else general.push(issue.message);
  }
  return { errors, formError: general.length ? general.join(" ") : undefined };
}

export default function TrackEditor() {
  const { track, rows: savedRows, limits } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const draft = result?.draft;
  const rows = draft?.rows ?? savedRows;
  const added = draft?.added ?? { ...EMPTY_ROW, locked: false, previewHtml: "" };
  const errors: FieldErrors = result?.errors ?? {};
  const errorCount = Object.keys(errors).length;
  const previewing = result?.previewing ?? false;
  const focusId = result?.focusId;
  const revision = result?.revision;

  useEffect(() => {
    if (focusId && revision) document.getElementById(focusId)?.focus();
  }, [focusId, revision]);

  const next = track.version + 1;
  return (
    <div className="page narrow-wide">
      <header className="page-header">
        <h1>Checkpoint track</h1>
        <p className="lede">
          Version {track.version} · {track.checkpoints.length} checkpoints. Assignments keep the
          version they started with; your changes apply to tickets claimed from now on.
        </p>
        {track.olderActiveAssignments > 0 ? (
          <p className="muted">
            {track.olderActiveAssignments === 1
              ? "1 active assignment is"
              : `${track.olderActiveAssignments} active assignments are`}{" "}
            on an older version and will finish on the checkpoints it started with.
          </p>
        ) : null}
      </header>

      {result?.message ? <FormMessage tone="success">{result.message}</FormMessage> : null}
      {result?.formError || errorCount ? (
        <FormMessage tone="error">
          {result?.formError ? <p>{result.formError}</p> : null}
          {errorCount ? (
            <>
              <p>Version {next} was not saved. Fix what is marked below:</p>
              <ul>
                {Object.entries(errors).map(([name, message]) => (
                  <li key={name}>
                    <a href={`#field-${name}`}>{message}</a>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </FormMessage>
      ) : null}
      {result?.notice ? (
        <div className="notice" role="status">
          {result.notice}
        </div>
      ) : null}

      <Form
        method="post"
        className="stack"
        noValidate
        preventScrollReset
        key={`${track.version}-${revision ?? "saved"}`}
      >
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
        <input type="hidden" name="baseVersion" value={draft?.baseVersion ?? track.version} />
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
            Leave it empty to add nothing. "Add to the list" places it last without saving; it is
            also saved with the rest when you save.
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
              {track.history.map((v) => (
                <tr key={v.version}>
                  <td>
                    {v.version}{" "}
                    {v.version === track.version ? <Badge tone="accent">current</Badge> : null}
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
    </div>
  );
}

type Limits = typeof TRACK_LIMITS;

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
