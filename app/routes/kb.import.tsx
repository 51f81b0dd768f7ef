import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  MaxPartSizeExceededError,
  type MetaFunction,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { z } from "zod";
import { requirePermission } from "~/auth/current-user.server";
import { MAX_KB_IMPORT_BYTES, parseKbImportFile } from "~/knowledge/transfer/parse.server";
import {
  type KbImporter,
  previewKbImport,
  runKbImportBatch,
  saveKbImportBatch,
} from "~/knowledge/transfer/preview.server";
import { db } from "~/lib/db.server";
import { parseForm } from "~/lib/forms";
import { readForm } from "~/lib/http.server";
import {
  BATCHES_FULL_MESSAGE,
  BATCHES_FULL_RETRY_SECONDS,
  batchIdField,
} from "~/lib/upload-batches.server";
import { assignmentMentorOf } from "~/mentoring/writeup-access.server";
import { FormMessage, SubmitButton } from "~/ui/form";
import { ImportPreviewTables } from "~/ui/import-preview";
import { UploadSection } from "~/ui/upload-section";

export const meta: MetaFunction = () => [{ title: "Import write-ups · Koan" }];

const SAMPLE_ITEMS = 50;
const SHOWN_PROBLEMS = 200;
const TOO_LARGE = "That file is larger than 10 MB. Split it into smaller files and import each.";
const EXPIRED =
  "That preview is no longer available: a preview lasts an hour and can be imported once. Choose the file again to see a fresh preview.";

const applySchema = z.object({ intent: z.literal("apply"), batch: batchIdField });

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "importWriteups");
  return null;
}

const fileError = (message: string) =>
  data({ intent: "preview" as const, fileError: message }, { status: 400 });
const batchesFull = () =>
  data(
    { intent: "preview" as const, fileError: BATCHES_FULL_MESSAGE },
    { status: 429, headers: { "Retry-After": String(BATCHES_FULL_RETRY_SECONDS) } },
  );

/** Reads the uploaded file, validates every write-up and answers with what importing would do. */
async function preview(request: Request, importer: KbImporter) {
  let formData: FormData;
  try {
    formData = await unstable_parseMultipartFormData(
      request,
      unstable_createMemoryUploadHandler({ maxPartSize: MAX_KB_IMPORT_BYTES }),
    );
  } catch (error) {
    return fileError(
      error instanceof MaxPartSizeExceededError
        ? TOO_LARGE
        : "The upload could not be read. Choose the file again.",
    );
  }
  const file = formData.get("file");
  if (!(file instanceof File) || (file.size === 0 && !file.name)) {
    return fileError("Choose a JSON file or a zip of Markdown files.");
  }
  const parsed = parseKbImportFile(file.name, file.type, new Uint8Array(await file.arrayBuffer()));
  if (!parsed.ok) return fileError(parsed.message);
  const changes = await previewKbImport(db, importer, parsed.items, { sampleSize: SAMPLE_ITEMS });
  const badItems = new Set(parsed.problems.map((p) => p.where)).size;
  // Write-ups the importer may not change are listed with the reason, like the other problems.
  const problems = [
    ...changes.refused.map((r) => ({ where: r.where, field: "permission", problem: r.reason })),
    ...parsed.problems,
  ];
  const saved =
    changes.create + changes.update > 0
      ? await saveKbImportBatch({
          actorId: importer.viewer.id,
          fileName: file.name,
          items: parsed.items,
          problems: badItems,
          skipped: parsed.skipped.length,
        })
      : null;
  if (saved && !saved.ok) return batchesFull();
  const batch = saved ? saved.id : null;
  return {
    intent: "preview" as const,
    batch,
    fileName: file.name,
    format: parsed.format,
    counts: {
      items: parsed.items.length,
      create: changes.create,
      update: changes.update,
      unchanged: changes.unchanged,
      problems: badItems,
      refused: changes.refused.length,
      skipped: parsed.skipped.length,
    },
    sample: changes.sample,
    problems: problems.slice(0, SHOWN_PROBLEMS),
    moreProblems: Math.max(0, problems.length - SHOWN_PROBLEMS),
    skipped: parsed.skipped.slice(0, SHOWN_PROBLEMS),
    moreSkipped: Math.max(0, parsed.skipped.length - SHOWN_PROBLEMS),
    ignoredFields: parsed.ignoredFields,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "importWriteups");
  const contentType = request.headers.get("Content-Type") ?? "";
  if (contentType.toLowerCase().startsWith("multipart/form-data")) {
    return preview(request, { viewer: user, mentorOf: assignmentMentorOf });
  }
  const formData = await readForm(request);
  const parsed = parseForm(applySchema, formData);
  if (!parsed.ok) return data({ intent: "apply" as const, error: EXPIRED }, { status: 400 });
  const outcome = await runKbImportBatch(db, {
    batchId: parsed.data.batch,
    importer: { viewer: user, mentorOf: assignmentMentorOf },
  });
  if (!outcome.ok) return data({ intent: "apply" as const, error: EXPIRED }, { status: 410 });
  return { intent: "applied" as const, result: outcome.result };
}

const n = (count: number) => count.toLocaleString("en");
const plural = (count: number, one: string, many: string) =>
  `${n(count)} ${count === 1 ? one : many}`;

export default function ImportWriteups() {
  const actionData = useActionData<typeof action>();
  const previewData = actionData && "counts" in actionData ? actionData : null;
  const uploadError = actionData && "fileError" in actionData ? actionData.fileError : undefined;
  const applied = actionData && "result" in actionData ? actionData.result : null;
  const applyError = actionData && "error" in actionData ? actionData.error : null;

  return (
    <div className="page">
      <header className="page-header">
        <h1>Import write-ups</h1>
        <p className="lede">
          Bring write-ups into the knowledge base from a JSON file or a zip of Markdown files. You
          see what will change before anything is saved.
        </p>
      </header>

      {applied ? (
        <section aria-labelledby="result-heading" className="card stack">
          <h2 id="result-heading">Import finished</h2>
          <FormMessage tone="success">
            {applied.fileName ? <>From “{applied.fileName}”: </> : null}
            {n(applied.created)} created, {n(applied.updated)} updated, {n(applied.unchanged)}{" "}
            unchanged
            {applied.problems ? `, ${n(applied.problems)} with problems not imported` : ""}
            {applied.refused ? `, ${n(applied.refused)} you may not change left as they were` : ""}
            {applied.skipped ? `, ${n(applied.skipped)} skipped` : ""}.
          </FormMessage>
          <p>
            <Link to="/kb">Open the knowledge base</Link>, or import another file below.
          </p>
        </section>
      ) : null}

      {applyError ? <FormMessage tone="error">{applyError}</FormMessage> : null}

      {previewData ? (
        <PreviewSection preview={previewData} />
      ) : (
        <UploadSection
          error={uploadError}
          accept=".json,.zip,application/json,application/zip"
          help="JSON or zip, up to 10 MB. Nothing is saved until you confirm the preview."
        />
      )}

      <FormatsSection />
    </div>
  );
}

type PreviewData = Extract<
  NonNullable<ReturnType<typeof useActionData<typeof action>>>,
  { counts: unknown }
>;

function PreviewSection({ preview }: { preview: PreviewData }) {
  const { counts } = preview;
  const toImport = counts.create + counts.update;
  return (
    <section aria-labelledby="preview-heading" className="card stack">
      <h2 id="preview-heading">Preview of “{preview.fileName}”</h2>
      <p role="status">
        <strong>
          {n(counts.create)} to create, {n(counts.update)} to update, {n(counts.unchanged)}{" "}
          unchanged, {n(counts.problems)} with problems
          {counts.refused ? `, ${n(counts.refused)} you may not change` : ""}
          {counts.skipped ? `, ${n(counts.skipped)} skipped` : ""}.
        </strong>
      </p>
      {preview.ignoredFields.length ? (
        <p className="muted">
          Fields Koan does not read, ignored: {preview.ignoredFields.join(", ")}.
        </p>
      ) : null}

      <ImportPreviewTables
        placeHeader={preview.format === "zip" ? "File" : "Item"}
        problems={preview.problems.map(({ where, ...p }) => ({ place: where, ...p }))}
        moreProblems={preview.moreProblems}
        problemsHeading="Write-ups with problems"
        problemsNote="These will not be imported. Fix them in the file and import it again: write-ups already imported are updated, not duplicated."
        skipped={preview.skipped.map(({ where, ...s }) => ({ place: where, ...s }))}
        moreSkipped={preview.moreSkipped}
        sample={preview.sample.map(({ where, ...item }) => ({ place: where, ...item }))}
        sampleHeading={
          counts.items > preview.sample.length
            ? `The first ${n(preview.sample.length)} of ${n(counts.items)} good write-ups`
            : "Good write-ups"
        }
      />

      <div className="row">
        {preview.batch ? (
          <Form method="post">
            <input type="hidden" name="batch" value={preview.batch} />
            <SubmitButton intent="apply" pendingLabel="Importing…">
              Import {plural(toImport, "write-up", "write-ups")}
            </SubmitButton>
          </Form>
        ) : (
          <p>
            {counts.items === 0
              ? "Nothing to import: no write-up is usable. Fix the file and choose it again."
              : "Nothing to import: every write-up in this file is already in Koan as it is."}
          </p>
        )}
        <Form method="get">
          <button type="submit" className="button button-secondary">
            Choose another file
          </button>
        </Form>
      </div>
    </section>
  );
}

function FormatsSection() {
  return (
    <section aria-labelledby="formats-heading" className="card">
      <h2 id="formats-heading">What to upload</h2>
      <p>
        A JSON file or a zip of Markdown files, up to 10 MB (a zip may unpack to 50 MB and hold
        5,000 files). <Link to="/kb/export?format=json">Export the knowledge base</Link> to see both
        formats filled in. Each write-up needs a <code>title</code>, a <code>resolution</code>{" "}
        (fixed, works_as_designed, config_change, data_fix, duplicate or cannot_reproduce) and an{" "}
        <code>external_id</code>: its id in the source, so importing again updates it instead of
        duplicating it. Imported write-ups are published straight away.
      </p>
      <h3>JSON</h3>
      <div className="table-wrap">
        <pre>
          <code>
            {`[{ "external_id": "OPS-12", "title": "Invoice totals off by a cent",
   "component": "billing", "resolution": "fixed", "tags": ["rounding"],
   "symptom": "…", "root_cause": "…", "fix": "…", "debugging": "…",
   "links": [{ "label": "PR", "url": "https://github.com/o/r/pull/1" }],
   "toil": [{ "description": "Corrected invoices by hand", "minutes": 30 }] }]`}
          </code>
        </pre>
      </div>
      <h3>Markdown in a zip</h3>
      <p>
        One <code>.md</code> file per write-up: front matter between <code>---</code> lines (one{" "}
        <code>key: value</code> per line, tags as <code>[a, b]</code>), then sections. Without an{" "}
        <code>external_id</code> the file's path is its id. Other files in the zip are skipped.
      </p>
      <div className="table-wrap">
        <pre>
          <code>
            {`---
external_id: OPS-12
title: Invoice totals off by a cent
component: billing
resolution: fixed
tags: [rounding, invoices]
---

## Symptom
## Root cause
## Fix            (or ## Expected behaviour)
## How it was debugged
## Links
- [PR](https://github.com/o/r/pull/1)
## Toil
- Corrected invoices by hand — 30 min`}
          </code>
        </pre>
      </div>
    </section>
  );
}
