import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  MaxPartSizeExceededError,
  type MetaFunction,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";
import {
  Form,
  Link,
  useActionData,
  useFetcher,
  useLoaderData,
  useNavigation,
} from "@remix-run/react";
import { useEffect } from "react";
import { z } from "zod";
import { requirePermission } from "~/auth/current-user.server";
import { db } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { parseForm } from "~/lib/forms";
import { readForm } from "~/lib/http.server";
import {
  BATCHES_FULL_MESSAGE,
  BATCHES_FULL_RETRY_SECONDS,
  batchIdField,
} from "~/lib/upload-batches.server";
import {
  getImportProgress,
  previewImport,
  runImportBatch,
  saveImportBatch,
} from "~/tickets/import/apply.server";
import { MAX_IMPORT_BYTES, parseImportFile } from "~/tickets/import/parse.server";
import { FormMessage, SubmitButton } from "~/ui/form";
import { ImportPreviewTables } from "~/ui/import-preview";
import { ProgressBar } from "~/ui/progress";
import { UploadSection } from "~/ui/upload-section";

export const meta: MetaFunction = () => [{ title: "Import tickets · Koan" }];

const SAMPLE_ROWS = 50;
const SHOWN_PROBLEMS = 200;
const TOO_LARGE = "That file is larger than 10 MB. Split it into smaller files and import each.";
const EXPIRED =
  "That preview is no longer available: a preview lasts an hour and can be imported once. Choose the file again to see a fresh preview.";

const applySchema = z.object({ intent: z.literal("apply"), batch: batchIdField });

/** The page; with `?progress=<batch>`, how far that import has got (polled while it runs). */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "importTickets");
  const batch = batchIdField.safeParse(new URL(request.url).searchParams.get("progress"));
  return {
    progress: batch.success ? getImportProgress(batch.data, user.id) : null,
    starterLabels: getEnv().STARTER_LABELS,
  };
}

const fileError = (message: string) =>
  data({ intent: "preview" as const, fileError: message }, { status: 400 });
const batchesFull = () =>
  data(
    { intent: "preview" as const, fileError: BATCHES_FULL_MESSAGE },
    { status: 429, headers: { "Retry-After": String(BATCHES_FULL_RETRY_SECONDS) } },
  );

/** Reads the uploaded file, validates every row and answers with what importing it would do. */
async function preview(request: Request, actorId: number) {
  let formData: FormData;
  try {
    formData = await unstable_parseMultipartFormData(
      request,
      unstable_createMemoryUploadHandler({ maxPartSize: MAX_IMPORT_BYTES }),
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
    return fileError("Choose a CSV or JSON file.");
  }
  const parsed = await parseImportFile(
    file.name,
    file.type,
    new Uint8Array(await file.arrayBuffer()),
    {
      starterLabels: getEnv().STARTER_LABELS,
    },
  );
  if (!parsed.ok) return fileError(parsed.message);
  const changes = await previewImport(db, parsed.rows, { sampleSize: SAMPLE_ROWS });
  const badRows = new Set(parsed.problems.map((p) => p.line)).size;
  const saved =
    changes.create + changes.update > 0
      ? await saveImportBatch({
          actorId,
          fileName: file.name,
          rows: parsed.rows,
          problems: badRows,
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
      rows: parsed.rows.length,
      create: changes.create,
      update: changes.update,
      unchanged: changes.unchanged,
      problems: badRows,
      skipped: parsed.skipped.length,
    },
    sample: changes.sample,
    problems: parsed.problems.slice(0, SHOWN_PROBLEMS),
    moreProblems: Math.max(0, parsed.problems.length - SHOWN_PROBLEMS),
    skipped: parsed.skipped.slice(0, SHOWN_PROBLEMS),
    moreSkipped: Math.max(0, parsed.skipped.length - SHOWN_PROBLEMS),
    ignoredColumns: parsed.ignoredColumns,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "importTickets");
  const contentType = request.headers.get("Content-Type") ?? "";
  if (contentType.toLowerCase().startsWith("multipart/form-data")) {
    return preview(request, user.id);
  }
  const formData = await readForm(request);
  const parsed = parseForm(applySchema, formData);
  if (!parsed.ok) return data({ intent: "apply" as const, error: EXPIRED }, { status: 400 });
  const outcome = await runImportBatch(db, { batchId: parsed.data.batch, actorId: user.id });
  if (!outcome.ok) return data({ intent: "apply" as const, error: EXPIRED }, { status: 410 });
  return { intent: "applied" as const, result: outcome.result };
}

const n = (count: number) => count.toLocaleString("en");
const plural = (count: number, one: string, many: string) =>
  `${n(count)} ${count === 1 ? one : many}`;

export default function ImportTickets() {
  const { starterLabels } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const previewData = actionData && "counts" in actionData ? actionData : null;
  const uploadError = actionData && "fileError" in actionData ? actionData.fileError : undefined;
  const applied = actionData && "result" in actionData ? actionData.result : null;
  const applyError = actionData && "error" in actionData ? actionData.error : null;
  const applyingBatch =
    navigation.state === "submitting" && navigation.formData?.get("intent") === "apply"
      ? String(navigation.formData.get("batch") ?? "")
      : null;

  return (
    <div className="page">
      <header className="page-header">
        <h1>Import tickets</h1>
        <p className="lede">
          Add or update many tickets at once from a CSV or JSON file. You see what will change
          before anything is saved.
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
            {applied.skipped ? `, ${n(applied.skipped)} skipped` : ""}.
          </FormMessage>
          <p>
            <Link to="/tickets">Open the ticket queue</Link>, or import another file below.
          </p>
        </section>
      ) : null}

      {applyError ? <FormMessage tone="error">{applyError}</FormMessage> : null}

      {previewData ? (
        <PreviewSection preview={previewData} applyingBatch={applyingBatch} />
      ) : (
        <UploadSection
          error={uploadError}
          accept=".csv,.json,text/csv,application/json"
          help="CSV or JSON, up to 10 MB. Nothing is saved until you confirm the preview."
        />
      )}

      <FormatsSection starterLabels={starterLabels} />
    </div>
  );
}

type PreviewData = Extract<
  NonNullable<ReturnType<typeof useActionData<typeof action>>>,
  {
    counts: unknown;
  }
>;

function PreviewSection({
  preview,
  applyingBatch,
}: {
  preview: PreviewData;
  applyingBatch: string | null;
}) {
  const { counts } = preview;
  const toImport = counts.create + counts.update;
  return (
    <section aria-labelledby="preview-heading" className="card stack">
      <h2 id="preview-heading">Preview of “{preview.fileName}”</h2>
      <p role="status">
        <strong>
          {n(counts.create)} to create, {n(counts.update)} to update, {n(counts.unchanged)}{" "}
          unchanged, {n(counts.problems)} with problems
          {counts.skipped ? `, ${n(counts.skipped)} skipped` : ""}.
        </strong>{" "}
        {preview.format === "github" ? "Read as a GitHub issues export." : null}
      </p>
      {preview.ignoredColumns.length ? (
        <p className="muted">
          Columns Koan does not read, ignored: {preview.ignoredColumns.join(", ")}.
        </p>
      ) : null}

      <ImportPreviewTables
        placeHeader={preview.format === "csv" ? "Line" : "Item"}
        problems={preview.problems.map(({ line, ...p }) => ({ place: line, ...p }))}
        moreProblems={preview.moreProblems}
        problemsHeading="Rows with problems"
        problemsNote="These rows will not be imported. Fix them in the file and import it again: rows already imported are updated, not duplicated."
        skipped={preview.skipped.map(({ line, ...s }) => ({ place: line, ...s }))}
        skippedIdHeader="Issue"
        moreSkipped={preview.moreSkipped}
        sample={preview.sample.map(({ line, ...row }) => ({ place: line, ...row }))}
        sampleHeading={
          counts.rows > preview.sample.length
            ? `The first ${n(preview.sample.length)} of ${n(counts.rows)} good rows`
            : "Good rows"
        }
      />

      {applyingBatch && preview.batch === applyingBatch ? (
        <ImportProgressBar batch={applyingBatch} total={counts.rows} />
      ) : (
        <div className="row">
          {preview.batch ? (
            <Form method="post">
              <input type="hidden" name="batch" value={preview.batch} />
              <SubmitButton intent="apply" pendingLabel="Importing…">
                Import {plural(toImport, "ticket", "tickets")}
              </SubmitButton>
            </Form>
          ) : (
            <p>
              {counts.rows === 0
                ? "Nothing to import: no row is usable. Fix the file and choose it again."
                : "Nothing to import: every ticket in this file is already in Koan as it is."}
            </p>
          )}
          <Form method="get">
            <button type="submit" className="button button-secondary">
              Choose another file
            </button>
          </Form>
        </div>
      )}
    </section>
  );
}

/** Polls this route's loader for the running import's progress. */
function ImportProgressBar({ batch, total }: { batch: string; total: number }) {
  const fetcher = useFetcher<typeof loader>();
  const { load } = fetcher;
  useEffect(() => {
    const timer = setInterval(() => load(`/tickets/import?progress=${batch}`), 300);
    return () => clearInterval(timer);
  }, [batch, load]);
  const progress = fetcher.data?.progress ?? null;
  return (
    <ProgressBar
      label={`Importing ${plural(total, "row", "rows")}…`}
      value={progress?.done}
      max={progress?.total}
      detail={progress ? `${n(progress.done)} of ${n(progress.total)} done` : "Starting…"}
    />
  );
}

function FormatsSection({ starterLabels }: { starterLabels: string[] }) {
  return (
    <section aria-labelledby="formats-heading" className="card">
      <h2 id="formats-heading">What to upload</h2>
      <p>
        A CSV or JSON file up to 10 MB. Every ticket needs a <code>title</code>, a{" "}
        <code>component</code> and an <code>external_id</code>: its id in your tracker, so importing
        the file again updates those tickets instead of duplicating them. Optional:{" "}
        <code>body</code> (Markdown), <code>labels</code>, <code>difficulty</code> (1, 2 or 3; blank
        means 1 for starters, 2 otherwise), <code>url</code> and <code>starter</code> (yes or no).
        Tickets labelled {starterLabels.map((l) => `“${l}”`).join(" or ")} are starters too.
      </p>
      <h3>CSV</h3>
      <p>A header row, then one ticket per row. Put fields with commas or line breaks in quotes.</p>
      <div className="table-wrap">
        <pre>
          <code>
            {`title,body,component,labels,difficulty,external_id,url
"Fix the total, it says ""Totl""",,billing,"good first issue,ui",1,BILL-101,https://tracker.example.com/BILL-101`}
          </code>
        </pre>
      </div>
      <h3>JSON</h3>
      <p>An array of objects with the same fields; labels may be an array.</p>
      <div className="table-wrap">
        <pre>
          <code>
            {`[{ "title": "Search ignores accents", "component": "search",
   "labels": ["starter"], "difficulty": 1, "external_id": "SRCH-7" }]`}
          </code>
        </pre>
      </div>
      <h3>GitHub issues</h3>
      <p>
        The JSON array GitHub's API returns for a repository's issues (
        <code>GET /repos/OWNER/REPO/issues</code>). The component comes from a{" "}
        <code>component:name</code> or <code>area/name</code> label, else the repository's name; the
        difficulty from a <code>difficulty:N</code> label. Closed issues and pull requests are
        skipped.
      </p>
    </section>
  );
}
