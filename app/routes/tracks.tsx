import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useEffect } from "react";
import { requirePermission } from "~/auth/current-user.server";
import { db } from "~/lib/db.server";
import type { FieldErrors } from "~/lib/forms";
import { forbidden, invariantFound, notFound, readForm } from "~/lib/http.server";
import { renderMarkdown } from "~/lib/markdown.server";
import {
  addRow,
  checkpointsToSave,
  type Draft,
  type DraftEdit,
  type DraftRow,
  moveRow,
  parseEditorForm,
  placeIssues,
  previewDraft,
} from "~/mentoring/track-draft";
import {
  getTrackForEditing,
  PROTECTED_KEYS,
  saveTrackVersion,
  TRACK_LIMITS,
} from "~/mentoring/tracks.server";
import { FormMessage } from "~/ui/form";
import { type ShownRow, TrackEditorForm, TrackHistory } from "~/ui/track-editor";

export const meta: MetaFunction = () => [{ title: "Checkpoint track · Koan" }];

// One form holds the whole track (see `~/mentoring/track-draft`). Move, add and preview re-render
// the draft from the server without saving, so every edit works before JavaScript loads; only
// "Save" writes, as a new version.

interface EditorReply {
  /** Changes with every reply, so the form re-mounts with exactly what the server sent. */
  revision: string;
  draft?: Draft<ShownRow>;
  errors: FieldErrors;
  formError?: string;
  notice?: string;
  message?: string;
  previewing?: boolean;
  /** The control to focus after a move, as a screen reader user would expect. */
  focusId?: string;
}

// Written out rather than spread from track-draft's EMPTY_ROW: the page component uses this, and
// importing that module here would carry it (and zod) into the browser bundle.
const NO_ADDITION: ShownRow = {
  key: "",
  title: "",
  guide: "",
  needsSignoff: false,
  retire: false,
  locked: false,
  previewHtml: "",
};

function show(row: DraftRow): ShownRow {
  return {
    ...row,
    locked: PROTECTED_KEYS.includes(row.key),
    previewHtml: row.guide.trim() ? renderMarkdown(row.guide) : "",
  };
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "editTracks");
  const track = await getTrackForEditing(db);
  invariantFound(track, "There is no checkpoint track yet.");
  return {
    track,
    rows: track.checkpoints.map((c) => show({ ...c, retire: false })),
    limits: TRACK_LIMITS,
  };
}

function reply(
  input: Omit<EditorReply, "revision" | "errors" | "draft"> & {
    errors?: FieldErrors;
    draft?: Draft;
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
  const lead = await requirePermission(request, "editTracks");
  const parsed = parseEditorForm(await readForm(request));
  if (!parsed) {
    return reply({ formError: "The form could not be read. Reload the page and try again." }, 400);
  }
  const { intent, draft } = parsed;
  if (intent.kind !== "save") {
    const edit: DraftEdit =
      intent.kind === "move"
        ? moveRow(draft, intent.index, intent.direction)
        : intent.kind === "add"
          ? addRow(draft, TRACK_LIMITS.maxCheckpoints)
          : previewDraft(draft);
    return reply(edit, edit.errors ? 400 : 200);
  }

  const { checkpoints, sources } = checkpointsToSave(draft);
  const { baseVersion } = draft;
  const result = await saveTrackVersion(db, { actorId: lead.id, baseVersion, checkpoints });
  if (result.ok) {
    return reply({
      message: `Saved version ${result.version}. Tickets claimed from now on follow it.`,
    });
  }
  switch (result.reason) {
    case "invalid": {
      const { errors, formError } = placeIssues(result.issues, sources, draft.rows);
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
    case "forbidden":
      throw forbidden("Only leads edit the checkpoint track.");
  }
}

export default function TrackEditor() {
  const { track, rows: savedRows, limits } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const draft = result?.draft;
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

      <TrackEditorForm
        key={`${track.version}-${revision ?? "saved"}`}
        draft={draft ?? { baseVersion: track.version, rows: savedRows, added: NO_ADDITION }}
        nextVersion={next}
        errors={errors}
        previewing={previewing}
        limits={limits}
      />

      <TrackHistory history={track.history} currentVersion={track.version} />
    </div>
  );
}
