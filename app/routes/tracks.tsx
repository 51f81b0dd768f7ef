import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useEffect } from "react";
import {
  requestLocale,
  requirePermission,
  requirePermissionKeeping,
} from "~/auth/current-user.server";
import { db } from "~/lib/db.server";
import type { FieldErrors } from "~/lib/forms";
import { forbidden, invariantFound, notFound, readForm } from "~/lib/http.server";
import { k } from "~/lib/i18n/messages";
import { renderMarkdown } from "~/lib/markdown.server";
import { localStepText, storedStepText } from "~/mentoring/step-text.server";
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
  trackTextFields,
} from "~/mentoring/track-draft";
import {
  getTrackForEditing,
  PROTECTED_KEYS,
  saveTrackVersion,
  TRACK_LIMITS,
} from "~/mentoring/tracks.server";
import { FormMessage } from "~/ui/form";
import { pageTitle, useT } from "~/ui/i18n";
import { type ShownRow, TrackEditorForm, TrackHistory } from "~/ui/track-editor";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "mentoring.tracks.pageTitle");

// One form holds the whole track (see `~/mentoring/track-draft`). Move, add and preview re-render
// the draft from the server without saving, so every edit works before JavaScript loads; only
// "Save" writes, as a new version.

interface EditorReply {
  /** Changes with every reply, so the form re-mounts with exactly what the server sent. */
  revision: string;
  draft?: Draft<ShownRow>;
  errors: FieldErrors;
  /** Messages above the form, one per sentence (k() keys). */
  formErrors?: string[];
  notice?: string;
  message?: string;
  previewing?: boolean;
  /** The control to focus after a move, as a screen reader user would expect. */
  focusId?: string;
  /** An edit of the draft (add, move, preview), not a save: nothing failed to be saved. */
  editing?: boolean;
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
  invariantFound(track, k("mentoring.tracks.noTrack"));
  // The default steps in the lead's language; saved unchanged, they stay the defaults.
  const locale = await requestLocale(request);
  return {
    track,
    rows: track.checkpoints.map((c) => show({ ...c, ...localStepText(c, locale), retire: false })),
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
  const formData = await readForm(request);
  const lead = await requirePermissionKeeping(
    request,
    "editTracks",
    formData,
    trackTextFields(formData),
  );
  const parsed = parseEditorForm(formData);
  if (!parsed) {
    return reply({ formErrors: [k("mentoring.tracks.err.unreadable")] }, 400);
  }
  const { intent, draft } = parsed;
  if (intent.kind !== "save") {
    const edit: DraftEdit =
      intent.kind === "move"
        ? moveRow(draft, intent.index, intent.direction)
        : intent.kind === "add"
          ? addRow(draft, TRACK_LIMITS.maxCheckpoints)
          : previewDraft(draft);
    return reply({ ...edit, editing: true }, edit.errors ? 400 : 200);
  }

  const { checkpoints: typed, sources } = checkpointsToSave(draft);
  const locale = await requestLocale(request);
  const checkpoints = typed.map((c) => storedStepText(c, locale));
  const { baseVersion } = draft;
  const result = await saveTrackVersion(db, { actorId: lead.id, baseVersion, checkpoints });
  if (result.ok) {
    return reply({
      message: k("mentoring.tracks.saved", {
        version: result.version,
      }),
    });
  }
  switch (result.reason) {
    case "invalid": {
      const { errors, formErrors } = placeIssues(result.issues, sources, draft.rows);
      return reply({ draft, errors, formErrors }, 400);
    }
    case "stale":
      return reply(
        {
          draft: { ...draft, baseVersion: result.currentVersion },
          formErrors: [
            k("mentoring.tracks.stale", {
              version: result.currentVersion,
            }),
          ],
        },
        409,
      );
    case "unchanged":
      return reply({
        draft,
        notice: k("mentoring.tracks.unchanged", {
          version: result.currentVersion,
        }),
      });
    case "not_found":
      throw notFound(k("mentoring.tracks.noTrack"));
    case "forbidden":
      throw forbidden(k("mentoring.tracks.onlyLeads"));
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
  const formErrors = result?.formErrors ?? [];
  const { t, msg } = useT();

  useEffect(() => {
    if (focusId && revision) document.getElementById(focusId)?.focus();
  }, [focusId, revision]);

  const next = track.version + 1;
  /** An error in the list above the form, with the checkpoint it is about (two may say the same). */
  const errorOfField = (name: string, message: string) => {
    const row = /^checkpoints\[(\d+)\]/.exec(name);
    if (row) return t("mentoring.tracks.errorOfRow", { number: Number(row[1]) + 1, message });
    if (name.startsWith("new.")) return t("mentoring.tracks.errorOfNew", { message });
    return message;
  };
  return (
    <div className="page narrow-wide">
      <header className="page-header">
        <h1>{t("mentoring.tracks.heading")}</h1>
        <p className="lede">
          {t("mentoring.tracks.lede", {
            version: track.version,
            count: track.checkpoints.length,
          })}
        </p>
        {track.olderActiveAssignments > 0 ? (
          <p className="muted">
            {t("mentoring.tracks.olderActive", { count: track.olderActiveAssignments })}
          </p>
        ) : null}
      </header>

      {result?.message ? <FormMessage tone="success">{msg(result.message)}</FormMessage> : null}
      {formErrors.length || errorCount ? (
        <FormMessage tone="error">
          {formErrors.map((message) => (
            <p key={message}>{msg(message)}</p>
          ))}
          {errorCount ? (
            <>
              <p>
                {result?.editing
                  ? t("mentoring.tracks.fixMarked")
                  : t("mentoring.tracks.notSaved", { version: next })}
              </p>
              <ul>
                {Object.entries(errors).map(([name, message]) => (
                  <li key={name}>
                    <a href={`#field-${name}`}>{errorOfField(name, msg(message))}</a>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </FormMessage>
      ) : null}
      {result?.notice ? (
        <div className="notice" role="status">
          {msg(result.notice)}
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

/** A refusal or error from this page keeps the header and navigation, scripts or not. */
export { RouteErrorBoundary as ErrorBoundary } from "~/ui/error-page";
