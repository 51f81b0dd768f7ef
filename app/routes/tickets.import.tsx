import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { requirePermission, requirePermissionImporting } from "~/auth/current-user.server";
import { db } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { parseForm } from "~/lib/forms";
import { readForm, readUploadedFile } from "~/lib/http.server";
import { k } from "~/lib/i18n/messages";
import { MAX_IMPORT_FILE_BYTES } from "~/lib/imports";
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
import { FormMessage } from "~/ui/form";
import { pageTitle, useT } from "~/ui/i18n";
import { TicketImportFormats } from "~/ui/import-formats";
import { ImportResultSection, PreviewSection } from "~/ui/ticket-import-page";
import { UploadSection } from "~/ui/upload-section";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "tickets.import.title");

const SAMPLE_ROWS = 50;
const SHOWN_PROBLEMS = 200;
const UPLOAD_PROBLEMS = {
  tooLarge: k("tickets.import.tooLarge"),
  unreadable: k("tickets.import.unreadable"),
  missing: k("tickets.import.chooseFile"),
};
const EXPIRED = k("tickets.import.expired");

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
  const upload = await readUploadedFile(request, MAX_IMPORT_BYTES);
  if (!upload.ok) return fileError(UPLOAD_PROBLEMS[upload.problem]);
  const { file } = upload;
  const parsed = await parseImportFile(file.name, file.type, file.bytes, {
    starterLabels: getEnv().STARTER_LABELS,
  });
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
    encoding: parsed.encoding,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermissionImporting(request, "importTickets");
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

export default function ImportTickets() {
  const { starterLabels } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useT();
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
        <h1>{t("tickets.import.heading")}</h1>
        <p className="lede">{t("tickets.import.lede")}</p>
      </header>

      {applied ? <ImportResultSection applied={applied} /> : null}

      {applyError ? <FormMessage tone="error">{applyError}</FormMessage> : null}

      {previewData ? (
        <PreviewSection preview={previewData} applyingBatch={applyingBatch} />
      ) : (
        <UploadSection
          error={uploadError}
          accept=".csv,.json,text/csv,application/json"
          help={t("tickets.import.uploadHelp")}
          maxBytes={MAX_IMPORT_FILE_BYTES}
          tooLarge={UPLOAD_PROBLEMS.tooLarge}
        />
      )}

      <TicketImportFormats starterLabels={starterLabels} />
    </div>
  );
}

/** A refusal or error from this page keeps the header and navigation, scripts or not. */
export { RouteErrorBoundary as ErrorBoundary } from "~/ui/error-page";
