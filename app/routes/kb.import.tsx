import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { z } from "zod";
import { requirePermission, requirePermissionImporting } from "~/auth/current-user.server";
import { MAX_KB_IMPORT_BYTES, parseKbImportFile } from "~/knowledge/transfer/parse.server";
import {
  type KbImporter,
  previewKbImport,
  runKbImportBatch,
  saveKbImportBatch,
} from "~/knowledge/transfer/preview.server";
import { db } from "~/lib/db.server";
import { parseForm } from "~/lib/forms";
import { readForm, readUploadedFile } from "~/lib/http.server";
import { k } from "~/lib/i18n/messages";
import { MAX_IMPORT_FILE_BYTES } from "~/lib/imports";
import {
  BATCHES_FULL_MESSAGE,
  BATCHES_FULL_RETRY_SECONDS,
  batchIdField,
} from "~/lib/upload-batches.server";
import { assignmentMentorOf } from "~/mentoring/writeup-access.server";
import { FormMessage, SubmitButton } from "~/ui/form";
import { pageTitle, Trans, useT } from "~/ui/i18n";
import { WriteupImportFormats } from "~/ui/import-formats";
import { ImportPreviewTables } from "~/ui/import-preview";
import { UploadSection } from "~/ui/upload-section";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "knowledge.import.title");

const SAMPLE_ITEMS = 50;
const SHOWN_PROBLEMS = 200;
const UPLOAD_PROBLEMS = {
  tooLarge: k("knowledge.import.tooLarge"),
  unreadable: k("knowledge.import.unreadable"),
  missing: k("knowledge.import.chooseFile"),
};
const EXPIRED = k("knowledge.import.expired");

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
  const upload = await readUploadedFile(request, MAX_KB_IMPORT_BYTES);
  if (!upload.ok) return fileError(UPLOAD_PROBLEMS[upload.problem]);
  const { file } = upload;
  const parsed = await parseKbImportFile(file.name, file.type, file.bytes);
  if (!parsed.ok) return fileError(parsed.message);
  const changes = await previewKbImport(db, importer, parsed.items, { sampleSize: SAMPLE_ITEMS });
  const badItems = new Set(parsed.problems.map((p) => p.where)).size;
  // Write-ups the importer may not change are listed with the reason, like the other problems.
  const problems = [
    ...changes.refused.map((r) => ({
      where: r.where,
      field: k("knowledge.importField.permission"),
      problem: r.reason,
    })),
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
  const user = await requirePermissionImporting(request, "importWriteups");
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

export default function ImportWriteups() {
  const actionData = useActionData<typeof action>();
  const previewData = actionData && "counts" in actionData ? actionData : null;
  const uploadError = actionData && "fileError" in actionData ? actionData.fileError : undefined;
  const applied = actionData && "result" in actionData ? actionData.result : null;
  const applyError = actionData && "error" in actionData ? actionData.error : null;
  const { t, msg } = useT();

  return (
    <div className="page">
      <header className="page-header">
        <h1>{t("knowledge.import.heading")}</h1>
        <p className="lede">{t("knowledge.import.lede")}</p>
      </header>

      {applied ? (
        <section aria-labelledby="result-heading" className="card stack">
          <h2 id="result-heading">{t("knowledge.import.finished.heading")}</h2>
          <FormMessage tone="success">
            {t(
              applied.fileName
                ? "knowledge.import.finished.summaryFrom"
                : "knowledge.import.finished.summary",
              {
                file: applied.fileName ?? "",
                created: applied.created,
                updated: applied.updated,
                unchanged: applied.unchanged,
                problems: applied.problems,
                refused: applied.refused,
                skipped: applied.skipped,
              },
            )}
          </FormMessage>
          <p>
            <Trans
              k="knowledge.import.finished.next"
              values={{ link: (chunks) => <Link to="/kb">{chunks}</Link> }}
            />
          </p>
        </section>
      ) : null}

      {applyError ? <FormMessage tone="error">{msg(applyError)}</FormMessage> : null}

      {previewData ? (
        <PreviewSection preview={previewData} />
      ) : (
        <UploadSection
          error={uploadError ? msg(uploadError) : undefined}
          accept=".json,.zip,application/json,application/zip"
          help={t("knowledge.import.uploadHelp")}
          maxBytes={MAX_IMPORT_FILE_BYTES}
          tooLarge={UPLOAD_PROBLEMS.tooLarge}
        />
      )}

      <WriteupImportFormats />
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
  // The sample lists the good write-ups: not those the importer may not change.
  const good = counts.items - counts.refused;
  const { t, msg } = useT();
  return (
    <section aria-labelledby="preview-heading" className="card stack">
      <h2 id="preview-heading">
        {t("knowledge.import.preview.heading", { file: preview.fileName })}
      </h2>
      <p role="status">
        <strong>
          {t("knowledge.import.preview.counts", {
            create: counts.create,
            update: counts.update,
            unchanged: counts.unchanged,
            problems: counts.problems,
            refused: counts.refused,
            skipped: counts.skipped,
          })}
        </strong>
      </p>
      {preview.ignoredFields.length ? (
        <p className="muted">
          {t("knowledge.import.preview.ignored", { fields: preview.ignoredFields.join(", ") })}
        </p>
      ) : null}

      <ImportPreviewTables
        placeHeader={
          preview.format === "zip"
            ? t("knowledge.import.preview.placeFile")
            : t("knowledge.import.preview.placeItem")
        }
        problems={preview.problems.map(({ where, field, problem, ...p }) => ({
          place: msg(where),
          field: msg(field),
          problem: msg(problem),
          ...p,
        }))}
        moreProblems={preview.moreProblems}
        problemsHeading={t("knowledge.import.preview.problemsHeading")}
        problemsNote={t("knowledge.import.preview.problemsNote")}
        skipped={preview.skipped.map(({ where, ...s }) => ({ place: msg(where), ...s }))}
        moreSkipped={preview.moreSkipped}
        sample={preview.sample.map(({ where, ...item }) => ({ place: msg(where), ...item }))}
        sampleHeading={
          good > preview.sample.length
            ? t("knowledge.import.preview.sampleFirst", {
                shown: preview.sample.length,
                total: good,
              })
            : t("knowledge.import.preview.sampleAll")
        }
      />

      <div className="row">
        {preview.batch ? (
          <Form method="post">
            <input type="hidden" name="batch" value={preview.batch} />
            {/* Named on the refusal when the role changed meanwhile (requirePermissionImporting). */}
            <input type="hidden" name="fileName" value={preview.fileName} />
            <SubmitButton intent="apply" pendingLabel={t("knowledge.import.preview.importing")}>
              {t("knowledge.import.preview.import", { count: toImport })}
            </SubmitButton>
          </Form>
        ) : (
          <p>
            {counts.items === 0
              ? t("knowledge.import.preview.nothingUsable")
              : counts.problems + counts.refused > 0
                ? t("knowledge.import.preview.nothingNewElse")
                : t("knowledge.import.preview.nothingNew")}
          </p>
        )}
        <Form method="get">
          <button type="submit" className="button button-secondary">
            {t("knowledge.import.preview.another")}
          </button>
        </Form>
      </div>
    </section>
  );
}

/** A refusal or error from this page keeps the header and navigation, scripts or not. */
export { RouteErrorBoundary as ErrorBoundary } from "~/ui/error-page";
