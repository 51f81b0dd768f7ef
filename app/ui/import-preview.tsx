import type { ImportAction, ImportProblem } from "~/lib/imports";
import { Badge } from "~/ui/badge";
import { useT } from "~/ui/i18n";

// The tables of an import preview, shared by the ticket and write-up imports (on a phone each row
// reads as a card, styles.css .stacked-table, rather than scrolling sideways): what will not be
// imported and why, what is skipped on purpose, and what happens to the first good rows.

/** Where a row is in its file: a line or item number, or a file's path in a zip. */
type Place = { place: string | number };

const ACTION_TONES: Record<ImportAction, "accent" | "warn" | "neutral"> = {
  create: "accent",
  update: "warn",
  unchanged: "neutral",
};

export function ImportPreviewTables({
  placeHeader,
  problems,
  moreProblems,
  problemsHeading,
  problemsNote,
  skipped,
  skippedIdHeader,
  moreSkipped,
  sample,
  sampleHeading,
}: {
  /** "Line", "Item" or "File". */
  placeHeader: string;
  problems: ImportProblem<Place>[];
  moreProblems: number;
  problemsHeading: string;
  problemsNote: string;
  skipped: (Place & { reason: string; externalId?: string })[];
  /** A column for the skipped rows' external ids, under this header; none when absent. */
  skippedIdHeader?: string;
  moreSkipped: number;
  sample: (Place & { externalId: string; title: string; action: ImportAction })[];
  sampleHeading: string;
}) {
  const { t, msg } = useT();
  return (
    <>
      {problems.length ? (
        <div className="stack">
          <h3 id="problems-heading">{problemsHeading}</h3>
          <p className="muted">{problemsNote}</p>
          <div className="table-wrap">
            <table className="stacked-table" aria-labelledby="problems-heading">
              <thead>
                <tr>
                  <th scope="col">{placeHeader}</th>
                  <th scope="col">{t("tickets.importPreview.field")}</th>
                  <th scope="col">{t("tickets.importPreview.problem")}</th>
                </tr>
              </thead>
              <tbody>
                {problems.map((p, index) => (
                  // A row may have several problems in one field: the position is the key.
                  <tr key={index}>
                    <td data-label={placeHeader}>{p.place}</td>
                    <td data-label={t("tickets.importPreview.field")}>
                      {p.field === "row" ? (
                        t("tickets.importPreview.wholeRow")
                      ) : (
                        <code>{p.field}</code>
                      )}
                    </td>
                    <td className="stacked-main">{msg(p.problem)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {moreProblems ? (
            <p className="muted">
              {t("tickets.importPreview.moreProblems", { count: moreProblems })}
            </p>
          ) : null}
        </div>
      ) : null}

      {skipped.length ? (
        <div className="stack">
          <h3 id="skipped-heading">{t("tickets.importPreview.skipped")}</h3>
          <div className="table-wrap">
            <table className="stacked-table" aria-labelledby="skipped-heading">
              <thead>
                <tr>
                  <th scope="col">{placeHeader}</th>
                  {skippedIdHeader ? <th scope="col">{skippedIdHeader}</th> : null}
                  <th scope="col">{t("tickets.importPreview.why")}</th>
                </tr>
              </thead>
              <tbody>
                {skipped.map((s) => (
                  <tr key={s.place}>
                    <td data-label={placeHeader}>{s.place}</td>
                    {skippedIdHeader ? (
                      <td data-label={skippedIdHeader}>{s.externalId || "—"}</td>
                    ) : null}
                    <td className="stacked-main">{msg(s.reason)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {moreSkipped ? (
            <p className="muted">
              {t("tickets.importPreview.moreSkipped", { count: moreSkipped })}
            </p>
          ) : null}
        </div>
      ) : null}

      {sample.length ? (
        <div className="stack">
          <h3 id="sample-heading">{sampleHeading}</h3>
          <div className="table-wrap">
            <table className="stacked-table" aria-labelledby="sample-heading">
              <thead>
                <tr>
                  <th scope="col">{placeHeader}</th>
                  <th scope="col">{t("tickets.importPreview.externalId")}</th>
                  <th scope="col">{t("tickets.importPreview.title")}</th>
                  <th scope="col">{t("tickets.importPreview.what")}</th>
                </tr>
              </thead>
              <tbody>
                {sample.map((row) => (
                  <tr key={row.place}>
                    <td data-label={placeHeader}>{row.place}</td>
                    <td data-label={t("tickets.importPreview.externalId")}>{row.externalId}</td>
                    <td className="stacked-main">{row.title}</td>
                    <td>
                      <Badge tone={ACTION_TONES[row.action]}>
                        {t(`tickets.importPreview.action.${row.action}`)}
                      </Badge>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      ) : null}
    </>
  );
}
