import { describe, expect, it } from "vitest";
import { translate } from "~/lib/i18n/catalogs.server";
import {
  addRow,
  checkpointsToSave,
  type Draft,
  type DraftRow,
  EMPTY_ROW,
  MAX_ROWS,
  moveRow,
  parseEditorForm,
  placeIssues,
  previewDraft,
  readEditorFields,
} from "./track-draft";

const en = translate("en");

const row = (key: string, over: Partial<DraftRow> = {}): DraftRow => ({
  key,
  title: key ? key.replace(/_/g, " ") : "",
  guide: "",
  needsSignoff: false,
  retire: false,
  ...over,
});

const draftOf = (keys: string[], added: Partial<DraftRow> = {}): Draft => ({
  baseVersion: 3,
  rows: keys.map((k) => row(k)),
  added: { ...EMPTY_ROW, ...added },
});

const form = (fields: [string, string | Blob][]) => {
  const data = new FormData();
  for (const [name, value] of fields) data.append(name, value);
  return data;
};

describe("readEditorFields", () => {
  it("groups `checkpoints[i].*` into rows, `new.*` into the addition, and keeps the rest", () => {
    expect(
      readEditorFields(
        form([
          ["intent", "save"],
          ["baseVersion", "2"],
          ["checkpoints[0].key", "reproduce"],
          ["checkpoints[0].title", "Reproduce"],
          ["checkpoints[1].key", "locate"],
          ["checkpoints[0].needsSignoff", "on"],
          ["new.title", "Pair"],
          ["new.guide", "Shadow"],
        ]),
      ),
    ).toEqual({
      intent: "save",
      baseVersion: "2",
      checkpoints: [
        { key: "reproduce", title: "Reproduce", needsSignoff: "on" },
        { key: "locate" },
      ],
      added: { title: "Pair", guide: "Shadow" },
    });
  });

  it("closes up holes in the row indexes, in index order", () => {
    const { checkpoints } = readEditorFields(
      form([
        ["checkpoints[7].key", "c"],
        ["checkpoints[0].key", "a"],
        ["checkpoints[3].key", "b"],
      ]),
    );
    expect(checkpoints).toEqual([{ key: "a" }, { key: "b" }, { key: "c" }]);
  });

  it("skips files and leaves names it does not know (three-digit indexes, nested) as they are", () => {
    expect(
      readEditorFields(
        form([
          ["checkpoints[0].title", new Blob(["x"])],
          ["checkpoints[100].title", "too far"],
          ["new.a.b", "nested"],
        ]),
      ),
    ).toEqual({
      "checkpoints[100].title": "too far",
      "new.a.b": "nested",
      checkpoints: [],
      added: {},
    });
  });
});

describe("parseEditorForm", () => {
  const page = (extra: [string, string][] = []) =>
    form([
      ["baseVersion", "4"],
      ["checkpoints[0].key", " reproduce "],
      ["checkpoints[0].title", "Reproduce"],
      ["checkpoints[0].guide", "Steps"],
      ["checkpoints[0].needsSignoff", "on"],
      ["checkpoints[2].key", "locate"],
      ["checkpoints[2].retire", "on"],
      ...extra,
    ]);

  it("reads the draft: checkboxes as booleans, keys trimmed, missing fields empty", () => {
    expect(parseEditorForm(page([["intent", "save"]]))).toEqual({
      intent: { kind: "save" },
      draft: {
        baseVersion: 4,
        rows: [
          {
            key: "reproduce",
            title: "Reproduce",
            guide: "Steps",
            needsSignoff: true,
            retire: false,
          },
          { key: "locate", title: "", guide: "", needsSignoff: false, retire: true },
        ],
        added: EMPTY_ROW,
      },
    });
  });

  it("previews when no button was pressed (Enter in a text field)", () => {
    expect(parseEditorForm(page())?.intent).toEqual({ kind: "preview" });
    expect(parseEditorForm(page([["intent", "add"]]))?.intent).toEqual({ kind: "add" });
  });

  it("reads a move's row and direction", () => {
    expect(parseEditorForm(page([["intent", "move:12:down"]]))?.intent).toEqual({
      kind: "move",
      index: 12,
      direction: "down",
    });
    expect(parseEditorForm(page([["intent", "move:0:up"]]))?.intent).toEqual({
      kind: "move",
      index: 0,
      direction: "up",
    });
  });

  it("refuses what the page never sends", () => {
    for (const intent of ["delete", "move:100:up", "move:1:left", "move:-1:up", ""])
      expect(parseEditorForm(page([["intent", intent]])), intent).toBeNull();
    expect(parseEditorForm(form([["intent", "save"]]))).toBeNull();
    expect(parseEditorForm(form([["baseVersion", "0"]]))).toBeNull();
    expect(parseEditorForm(form([["baseVersion", "two"]]))).toBeNull();
    const longKey: [string, string] = ["checkpoints[1].key", "k".repeat(81)];
    expect(parseEditorForm(page([longKey]))).toBeNull();
  });

  it(`takes up to ${MAX_ROWS} rows`, () => {
    const rows = (n: number) =>
      form([
        ["baseVersion", "1"],
        ...Array.from({ length: n }, (_, i): [string, string] => [`checkpoints[${i}].title`, "t"]),
      ]);
    expect(parseEditorForm(rows(MAX_ROWS))?.draft.rows).toHaveLength(MAX_ROWS);
    expect(parseEditorForm(rows(MAX_ROWS + 1))).toBeNull();
  });
});

describe("moveRow", () => {
  const keys = ["a", "b", "c", "d"];
  const order = (draft: Draft) => draft.rows.map((r) => r.key);

  it("swaps with the row above, keeping focus on the moved row's button", () => {
    const edit = moveRow(draftOf(keys), 2, "up");
    expect(order(edit.draft)).toEqual(["a", "c", "b", "d"]);
    expect(edit.focusId).toBe("move-1-up");
    expect(en.msg(edit.notice)).toBe(
      "Order changed. Nothing is saved until you save a new version.",
    );
  });

  it("swaps with the row below", () => {
    const edit = moveRow(draftOf(keys), 1, "down");
    expect(order(edit.draft)).toEqual(["a", "c", "b", "d"]);
    expect(edit.focusId).toBe("move-2-down");
  });

  it("focuses the other button when the row reaches an edge, where its own is disabled", () => {
    const top = moveRow(draftOf(keys), 1, "up");
    expect(order(top.draft)).toEqual(["b", "a", "c", "d"]);
    expect(top.focusId).toBe("move-0-down");
    const bottom = moveRow(draftOf(keys), 2, "down");
    expect(order(bottom.draft)).toEqual(["a", "b", "d", "c"]);
    expect(bottom.focusId).toBe("move-3-up");
  });

  it("changes nothing past an edge or for a row that isn't there", () => {
    const first = moveRow(draftOf(keys), 0, "up");
    expect(order(first.draft)).toEqual(keys);
    expect(first.focusId).toBe("move-0-down");
    const last = moveRow(draftOf(keys), 3, "down");
    expect(order(last.draft)).toEqual(keys);
    expect(last.focusId).toBe("move-3-up");
    expect(order(moveRow(draftOf(keys), 9, "up").draft)).toEqual(keys);
    expect(order(moveRow(draftOf(keys), 4, "up").draft)).toEqual(keys);
  });

  it("keeps the rest of the draft and leaves the submitted one as it was", () => {
    const before = draftOf(keys, { title: "half-typed" });
    const edit = moveRow(before, 3, "up");
    expect(order(before)).toEqual(keys);
    expect(edit.draft).toMatchObject({ baseVersion: 3, added: { title: "half-typed" } });
    expect(edit.errors).toBeUndefined();
    expect(edit.previewing).toBeUndefined();
  });
});

describe("addRow", () => {
  it("places the new checkpoint last, as new, and empties the fields", () => {
    const edit = addRow(
      draftOf(["a", "b"], {
        key: "forged",
        title: "  Pair with support ",
        guide: "**Shadow**",
        needsSignoff: true,
        retire: true,
      }),
      15,
    );
    expect(edit.errors).toBeUndefined();
    expect(edit.draft.rows).toHaveLength(3);
    expect(edit.draft.rows[2]).toEqual({
      key: "",
      title: "  Pair with support ",
      guide: "**Shadow**",
      needsSignoff: true,
      retire: false,
    });
    expect(edit.draft.added).toEqual(EMPTY_ROW);
    expect(edit.draft.baseVersion).toBe(3);
    expect(edit.focusId).toBe("field-checkpoints[2].title");
    expect(en.msg(edit.notice)).toBe(
      "Added “Pair with support” at the end. Nothing is saved until you save a new version.",
    );
  });

  it("places it before the write-up when that is the last step, the fix's end", () => {
    const edit = addRow(
      draftOf(["reproduce", "fix", "writeup"], { title: "Pair with your mentor" }),
      15,
    );
    expect(edit.draft.rows.map((r) => r.key || r.title)).toEqual([
      "reproduce",
      "fix",
      "Pair with your mentor",
      "writeup",
    ]);
    expect(edit.focusId).toBe("field-checkpoints[2].title");
    expect(en.msg(edit.notice)).toMatch(/^Added “Pair with your mentor” before the write-up/);
    // A write-up being retired is no last step: the new one goes last.
    const retiring: Draft = {
      ...draftOf(["fix", "writeup"], { title: "Ship" }),
    };
    retiring.rows = retiring.rows.map((r) => (r.key === "writeup" ? { ...r, retire: true } : r));
    expect(addRow(retiring, 15).draft.rows.map((r) => r.key || r.title)).toEqual([
      "fix",
      "writeup",
      "Ship",
    ]);
  });

  it("refuses an addition without a title, keeping what was typed", () => {
    for (const title of ["", "   "]) {
      const draft = draftOf(["a"], { title, guide: "A guide" });
      const edit = addRow(draft, 15);
      expect(Object.keys(edit.errors ?? {})).toEqual(["new.title"]);
      expect(en.msg(edit.errors?.["new.title"])).toBe("Give the new checkpoint a title.");
      expect(edit.draft).toBe(draft);
      expect(edit.notice).toBeUndefined();
    }
  });

  it("refuses an addition at the limit; checkpoints being retired don't count", () => {
    const full = draftOf(["a", "b", "c"], { title: "Fourth" });
    const refused = addRow(full, 3).errors;
    expect(Object.keys(refused ?? {})).toEqual(["new.title"]);
    expect(en.msg(refused?.["new.title"])).toBe(
      "A track has at most 3 checkpoints: retire one first.",
    );
    expect(addRow(full, 4).errors).toBeUndefined();
    const retiring: Draft = {
      ...full,
      rows: full.rows.map((r, i) => (i === 1 ? { ...r, retire: true } : r)),
    };
    const edit = addRow(retiring, 3);
    expect(edit.errors).toBeUndefined();
    expect(edit.draft.rows.map((r) => r.title)).toEqual(["a", "b", "c", "Fourth"]);
  });
});

describe("previewDraft", () => {
  it("shows the draft as it is, previewing", () => {
    const draft = draftOf(["a"], { title: "x" });
    const edit = previewDraft(draft);
    expect(edit).toEqual({ draft, previewing: true, notice: expect.any(String) });
    expect(en.msg(edit.notice)).toBe("This is a preview of your changes: nothing is saved yet.");
  });
});

describe("checkpointsToSave", () => {
  it("leaves out retired rows and names the fieldset each checkpoint came from", () => {
    const draft: Draft = {
      baseVersion: 1,
      rows: [
        row("a", { needsSignoff: true, guide: "g" }),
        row("b", { retire: true }),
        row("", { title: "Typed as new" }),
      ],
      added: { ...EMPTY_ROW, key: "ignored", title: "Pair", needsSignoff: true, retire: true },
    };
    expect(checkpointsToSave(draft)).toEqual({
      checkpoints: [
        { key: "a", title: "a", guide: "g", needsSignoff: true },
        { key: undefined, title: "Typed as new", guide: "", needsSignoff: false },
        { title: "Pair", guide: "", needsSignoff: true },
      ],
      sources: ["checkpoints[0]", "checkpoints[2]", "new"],
    });
  });

  it("adds the new checkpoint when only its guide was typed, and not when it's blank", () => {
    expect(checkpointsToSave(draftOf(["a"], { guide: "Just a guide" })).sources).toEqual([
      "checkpoints[0]",
      "new",
    ]);
    expect(checkpointsToSave(draftOf(["a"], { title: "  ", guide: "\n" })).sources).toEqual([
      "checkpoints[0]",
    ]);
  });

  it("sends the new checkpoint before a last write-up step, naming its fieldset there", () => {
    expect(checkpointsToSave(draftOf(["fix", "writeup"], { title: "Pair" }))).toEqual({
      checkpoints: [
        { key: "fix", title: "fix", guide: "", needsSignoff: false },
        { title: "Pair", guide: "", needsSignoff: false },
        { key: "writeup", title: "writeup", guide: "", needsSignoff: false },
      ],
      sources: ["checkpoints[0]", "new", "checkpoints[1]"],
    });
  });

  it("sends nothing when every row is retired and nothing was added", () => {
    const draft = draftOf(["a", "b"]);
    draft.rows = draft.rows.map((r) => ({ ...r, retire: true }));
    expect(checkpointsToSave(draft)).toEqual({ checkpoints: [], sources: [] });
  });
});

describe("placeIssues", () => {
  const rows = [row("a"), row("root_cause", { retire: true }), row("c"), row("")];
  // Row 1 is retired, so the submitted checkpoints are rows 0, 2, 3 and then the addition.
  const sources = ["checkpoints[0]", "checkpoints[2]", "checkpoints[3]", "new"];

  it("puts title and guide issues at their field, by the row they came from", () => {
    expect(
      placeIssues(
        [
          { index: 1, field: "title", message: "Title of c." },
          { index: 2, field: "guide", message: "Guide of row 3." },
          { index: 3, field: "title", message: "Title of the new one." },
        ],
        sources,
        rows,
      ),
    ).toEqual({
      errors: {
        "checkpoints[2].title": "Title of c.",
        "checkpoints[3].guide": "Guide of row 3.",
        "new.title": "Title of the new one.",
      },
      formErrors: [],
    });
  });

  it("puts other issues about one checkpoint on its fieldset", () => {
    expect(
      placeIssues(
        [
          { index: 0, field: "key", message: "Key of a." },
          { index: 2, field: null, message: "Sign-off of row 3." },
        ],
        sources,
        rows,
      ).errors,
    ).toEqual({ "checkpoints[0]": "Key of a.", "checkpoints[3]": "Sign-off of row 3." });
  });

  it("puts a checkpoint that must stay at its retire box", () => {
    expect(
      placeIssues(
        [{ index: null, field: null, key: "root_cause", message: "Can't be retired." }],
        sources,
        rows,
      ),
    ).toEqual({ errors: { "checkpoints[1].retire": "Can't be retired." }, formErrors: [] });
  });

  it("says the rest above the form, in order", () => {
    expect(
      placeIssues(
        [
          { index: null, field: null, message: "Too many checkpoints." },
          { index: null, field: null, key: "writeup", message: "Write-up is missing." },
          { index: 9, field: "title", message: "No such row." },
        ],
        sources,
        rows,
      ),
    ).toEqual({
      errors: {},
      formErrors: ["Too many checkpoints.", "Write-up is missing.", "No such row."],
    });
  });

  it("keeps the first issue at a field", () => {
    expect(
      placeIssues(
        [
          { index: 0, field: "title", message: "First." },
          { index: 0, field: "title", message: "Second." },
        ],
        sources,
        rows,
      ).errors,
    ).toEqual({ "checkpoints[0].title": "First." });
  });
});
