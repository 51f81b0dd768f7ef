import { Form, Link, useFetcher } from "@remix-run/react";
import { useEffect } from "react";
import type { ImportAction, ImportProblem } from "~/lib/imports";
import { FormMessage, SubmitButton } from "~/ui/form";
import { Trans, useT } from "~/ui/i18n";
import { ImportPreviewTables } from "~/ui/import-preview";
import { ProgressBar } from "~/ui/progress";

// The parts of the ticket import page (routes/tickets.import.tsx): what a finished import did,
// and the preview of an uploaded file with the button that imports it and its progress.

/** What a finished import did, as the route's action answers it. */
export interface TicketImportResult {
  fileName: string;
  created: number;
  updated: number;
  unchanged: number;
  problems: number;
  skipped: number;
}

/** What importing an uploaded file would do, as the route's action answers its preview. */
export interface TicketImportPreview {
  /** The saved batch to import, or null when nothing in the file is new. */
  batch: string | null;
  fileName: string;
  format: "csv" | "json" | "github";
  counts: {
    rows: number;
    create: number;
    update: number;
    unchanged: number;
    problems: number;
    skipped: number;
  };
  sample: { line: number; externalId: string; title: string; action: ImportAction }[];
  problems: ImportProblem<{ line: number }>[];
  moreProblems: number;
  skipped: { line: number; externalId: string; reason: string }[];
  moreSkipped: number;
  ignoredColumns: string[];
  /** How the file was read: UTF-8, or the code page Excel uses on Korean Windows. */
  encoding: "utf-8" | "cp949";
}

/** The route loader's answer to `?progress=<batch>`: how far that import has got. */
interface ProgressData {
  progress: { done: number; total: number } | null;
}

/** "Import finished": the counts, and where to go next. */
export function ImportResultSection({ applied }: { applied: TicketImportResult }) {
  const { t } = useT();
  return (
    <section aria-labelledby="result-heading" className="card stack">
      <h2 id="result-heading">{t("tickets.import.finished")}</h2>
      <FormMessage tone="success">
        {applied.fileName
          ? t("tickets.import.resultFrom", {
              file: applied.fileName,
              created: applied.created,
              updated: applied.updated,
              unchanged: applied.unchanged,
              problems: applied.problems ?? 0,
              skipped: applied.skipped ?? 0,
            })
          : t("tickets.import.result", {
              created: applied.created,
              updated: applied.updated,
              unchanged: applied.unchanged,
              problems: applied.problems ?? 0,
              skipped: applied.skipped ?? 0,
            })}
      </FormMessage>
      <p>
        <Trans
          k="tickets.import.next"
          values={{ queue: (chunks) => <Link to="/tickets">{chunks}</Link> }}
        />
      </p>
    </section>
  );
}

/** The second step: what the uploaded file would change, and the button that imports it. */
export function PreviewSection({
  preview,
  applyingBatch,
}: {
  preview: TicketImportPreview;
  applyingBatch: string | null;
}) {
  const { counts } = preview;
  const { t } = useT();
  const toImport = counts.create + counts.update;
  return (
    <section aria-labelledby="preview-heading" className="card stack">
      <h2 id="preview-heading">{t("tickets.import.previewHeading", { file: preview.fileName })}</h2>
      <p role="status">
        <strong>
          {t("tickets.import.counts", {
            create: counts.create,
            update: counts.update,
            unchanged: counts.unchanged,
            problems: counts.problems,
            skipped: counts.skipped,
          })}
        </strong>{" "}
        {preview.format === "github" ? t("tickets.import.github") : null}
      </p>
      {preview.encoding === "cp949" ? (
        <p className="muted">{t("tickets.import.readAsCp949")}</p>
      ) : null}
      {preview.ignoredColumns.length ? (
        <p className="muted">
          {t("tickets.import.ignored", { columns: preview.ignoredColumns.join(", ") })}
        </p>
      ) : null}

      <ImportPreviewTables
        placeHeader={preview.format === "csv" ? t("tickets.import.line") : t("tickets.import.item")}
        problems={preview.problems.map(({ line, ...p }) => ({ place: line, ...p }))}
        moreProblems={preview.moreProblems}
        problemsHeading={t("tickets.import.problemsHeading")}
        problemsNote={t("tickets.import.problemsNote")}
        skipped={preview.skipped.map(({ line, ...s }) => ({ place: line, ...s }))}
        skippedIdHeader={t("tickets.import.issue")}
        moreSkipped={preview.moreSkipped}
        sample={preview.sample.map(({ line, ...row }) => ({ place: line, ...row }))}
        sampleHeading={
          counts.rows > preview.sample.length
            ? t("tickets.import.sampleFirst", { shown: preview.sample.length, rows: counts.rows })
            : t("tickets.import.sampleAll")
        }
      />

      {applyingBatch && preview.batch === applyingBatch ? (
        <ImportProgressBar batch={applyingBatch} total={counts.rows} />
      ) : (
        <div className="row">
          {preview.batch ? (
            <Form method="post">
              <input type="hidden" name="batch" value={preview.batch} />
              {/* Named on the refusal when the role changed meanwhile (requirePermissionImporting). */}
              <input type="hidden" name="fileName" value={preview.fileName} />
              <SubmitButton intent="apply" pendingLabel={t("tickets.import.importing")}>
                {t("tickets.import.importCount", { count: toImport })}
              </SubmitButton>
            </Form>
          ) : (
            <p>
              {counts.rows === 0
                ? t("tickets.import.nothingUsable")
                : counts.problems > 0
                  ? t("tickets.import.nothingNewElse")
                  : t("tickets.import.nothingNew")}
            </p>
          )}
          <Form method="get">
            <button type="submit" className="button button-secondary">
              {t("tickets.import.another")}
            </button>
          </Form>
        </div>
      )}
    </section>
  );
}

/** Polls the import route's loader for the running import's progress. */
function ImportProgressBar({ batch, total }: { batch: string; total: number }) {
  const fetcher = useFetcher<ProgressData>();
  const { load } = fetcher;
  useEffect(() => {
    const timer = setInterval(() => load(`/tickets/import?progress=${batch}`), 300);
    return () => clearInterval(timer);
  }, [batch, load]);
  const progress = fetcher.data?.progress ?? null;
  const { t } = useT();
  return (
    <ProgressBar
      label={t("tickets.import.progressLabel", { count: total })}
      value={progress?.done}
      max={progress?.total}
      detail={
        progress
          ? t("tickets.import.progressDetail", { done: progress.done, total: progress.total })
          : t("tickets.import.starting")
      }
    />
  );
}
