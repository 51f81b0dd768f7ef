import { z } from "zod";
import { idField } from "~/lib/fields";
import type { FieldErrors } from "~/lib/forms";
import { k, type Msg } from "~/lib/i18n/messages";
import type { CheckpointDraft, TrackIssue } from "./tracks.server";

// The track editor's draft, kept in one form: a fieldset per checkpoint, named
// `checkpoints[i].title` and so on, plus an "Add a checkpoint" fieldset named `new.*`. Move, add
// and preview answer with the edited draft without saving; only "Save" writes. Pure: no
// database, no framework, so every edit is unit-tested.

export interface DraftRow {
  key: string;
  title: string;
  guide: string;
  needsSignoff: boolean;
  retire: boolean;
}

export interface Draft<Row extends DraftRow = DraftRow> {
  baseVersion: number;
  rows: Row[];
  added: Row;
}

export type EditorIntent =
  | { kind: "save" }
  | { kind: "add" }
  | { kind: "preview" }
  | { kind: "move"; index: number; direction: "up" | "down" };

/** What the editor shows after an edit that saves nothing. */
export interface DraftEdit {
  draft: Draft;
  /** Present only when the edit was refused (the reply is a 400). */
  errors?: FieldErrors;
  notice?: string;
  previewing?: boolean;
  /** The control to focus next, as a screen reader user would expect. */
  focusId?: string;
}

export const MAX_ROWS = 40;
export const EMPTY_ROW: DraftRow = {
  key: "",
  title: "",
  guide: "",
  needsSignoff: false,
  retire: false,
};

export const fieldName = (index: number, field: string) => `checkpoints[${index}].${field}`;

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
  baseVersion: idField,
  checkpoints: z.array(rowSchema).max(MAX_ROWS),
  added: rowSchema,
});

/** `checkpoints[2].title` → checkpoints[2].title, `new.title` → added.title; the rest as is. */
export function readEditorFields(formData: FormData) {
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

/** The submitted draft and what to do with it; null when the form can't be read. */
export function parseEditorForm(formData: FormData): { intent: EditorIntent; draft: Draft } | null {
  // Enter in a text field of an old page (or a form without a button) previews.
  const parsed = editorSchema.safeParse({ intent: "preview", ...readEditorFields(formData) });
  if (!parsed.success) return null;
  const { intent, baseVersion, checkpoints, added } = parsed.data;
  const draft = { baseVersion, rows: checkpoints, added };
  const move = /^move:(\d+):(up|down)$/.exec(intent);
  if (move) {
    const direction = move[2] === "up" ? "up" : "down";
    return { intent: { kind: "move", index: Number(move[1]), direction }, draft };
  }
  return { intent: { kind: intent as "save" | "add" | "preview" }, draft };
}

/**
 * Swaps a row with its neighbour. Focus stays on the moved row's button; at an edge, where that
 * button is now disabled, it goes to the row's other move button.
 */
export function moveRow(draft: Draft, from: number, direction: "up" | "down"): DraftEdit {
  const to = direction === "up" ? from - 1 : from + 1;
  const a = draft.rows[from];
  const b = draft.rows[to];
  let rows = draft.rows;
  if (a && b) {
    rows = rows.slice();
    rows[from] = b;
    rows[to] = a;
  }
  const moved = a && b ? to : from;
  const atEdge =
    (direction === "up" && moved === 0) || (direction === "down" && moved === rows.length - 1);
  const focus = atEdge ? (direction === "up" ? "down" : "up") : direction;
  return {
    draft: { ...draft, rows },
    notice: k("mentoring.tracks.notice.moved"),
    focusId: `move-${moved}-${focus}`,
  };
}

/** The write-up step's key: the fix's last step, which a new checkpoint goes before. */
const WRITEUP_KEY = "writeup";

/**
 * Where a new checkpoint goes among `keys` (the rows kept, in order): before the write-up when it
 * is the last step (a step added after it came after the fix was written up), else last.
 */
function newPlace(keys: readonly string[]): number {
  return keys.at(-1) === WRITEUP_KEY ? keys.length - 1 : keys.length;
}

/**
 * Places the "Add a checkpoint" fields in the list (last, or before a last write-up step) and
 * empties them, or says why not.
 */
export function addRow(draft: Draft, maxCheckpoints: number): DraftEdit {
  const { rows, added } = draft;
  const errors: FieldErrors = {};
  if (!added.title.trim()) errors["new.title"] = k("mentoring.tracks.err.newTitleRequired");
  else if (rows.filter((r) => !r.retire).length >= maxCheckpoints)
    errors["new.title"] = k("mentoring.tracks.err.tooMany", { max: maxCheckpoints });
  if (Object.keys(errors).length) return { draft, errors };
  // Before the last step kept, when that is the write-up (newPlace); else last.
  const lastKept = rows.findLastIndex((r) => !r.retire);
  const at = rows[lastKept]?.key === WRITEUP_KEY ? lastKept : rows.length;
  const title = added.title.trim();
  return {
    draft: {
      baseVersion: draft.baseVersion,
      rows: [...rows.slice(0, at), { ...added, key: "", retire: false }, ...rows.slice(at)],
      added: EMPTY_ROW,
    },
    notice:
      at < rows.length
        ? k("mentoring.tracks.notice.addedBeforeWriteup", { title })
        : k("mentoring.tracks.notice.added", { title }),
    focusId: `field-${fieldName(at, "title")}`,
  };
}

export function previewDraft(draft: Draft): DraftEdit {
  return {
    draft,
    previewing: true,
    notice: k("mentoring.tracks.notice.preview"),
  };
}

/**
 * What "Save" sends: every checkpoint not marked for retiring, and the new one if anything was
 * typed there (last, or before a last write-up step). `sources[i]` names the fieldset that checkpoint `i` came from.
 */
export function checkpointsToSave(draft: Draft): {
  checkpoints: CheckpointDraft[];
  sources: string[];
} {
  const sources: string[] = [];
  const checkpoints: CheckpointDraft[] = [];
  draft.rows.forEach((row, index) => {
    if (row.retire) return;
    sources.push(`checkpoints[${index}]`);
    checkpoints.push({
      key: row.key || undefined,
      title: row.title,
      guide: row.guide,
      needsSignoff: row.needsSignoff,
    });
  });
  const { added } = draft;
  if (added.title.trim() || added.guide.trim()) {
    const at = newPlace(checkpoints.map((c) => c.key ?? ""));
    sources.splice(at, 0, "new");
    checkpoints.splice(at, 0, {
      title: added.title,
      guide: added.guide,
      needsSignoff: added.needsSignoff,
    });
  }
  return { checkpoints, sources };
}

/** Puts each domain issue at the field it is about, or above the form (one message each). */
export function placeIssues(
  issues: readonly TrackIssue[],
  sources: readonly string[],
  rows: readonly DraftRow[],
): { errors: FieldErrors; formErrors: Msg[] } {
  const errors: FieldErrors = {};
  const general: Msg[] = [];
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
  return { errors, formErrors: general };
}

/**
 * Each checkpoint's guide as typed in the editor's form (field name → its label, a message key
 * naming the checkpoint), kept on the 403 when the lead is a lead no longer: a guide is where an
 * edit's writing is.
 */
export function trackTextFields(formData: FormData): Record<string, Msg> {
  const fields: Record<string, Msg> = {};
  for (const name of new Set(formData.keys())) {
    const row = /^checkpoints\[(\d{1,2})\]\.guide$/.exec(name);
    const prefix = row ? `checkpoints[${row[1]}]` : name === "new.guide" ? "new" : null;
    if (prefix === null) continue;
    const title = formData.get(`${prefix}.title`);
    fields[name] = k("mentoring.tracks.keptGuide", {
      title: typeof title === "string" ? title.trim().slice(0, 80) : "",
    });
  }
  return fields;
}
