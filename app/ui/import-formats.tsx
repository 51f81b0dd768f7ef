import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { Trans, useT } from "~/ui/i18n";

// What the two import pages (tickets and write-ups) say about the files they read, with a sample
// of each format: code, the same in every language.

const code = (chunks: ReactNode[]) => <code>{chunks}</code>;

const CSV_SAMPLE = `title,body,component,labels,difficulty,external_id,url
"Fix the total, it says ""Totl""",,billing,"good first issue,ui",1,BILL-101,https://tracker.example.com/BILL-101`;
const TICKETS_JSON_SAMPLE = `[{ "title": "Search ignores accents", "component": "search",
   "labels": ["starter"], "difficulty": 1, "external_id": "SRCH-7" }]`;

/** How a ticket import file is written: CSV, JSON or a GitHub issues export. */
export function TicketImportFormats({ starterLabels }: { starterLabels: string[] }) {
  const { t, locale } = useT();
  const labels = new Intl.ListFormat(locale, { type: "disjunction" }).format(
    starterLabels.map((l) => `“${l}”`),
  );
  return (
    <section aria-labelledby="formats-heading" className="card">
      <h2 id="formats-heading">{t("tickets.import.formats.heading")}</h2>
      <p>
        <Trans k="tickets.import.formats.intro" values={{ code, labels }} />
      </p>
      <h3 id="csv-sample-heading">{t("tickets.import.formats.csvHeading")}</h3>
      <p>{t("tickets.import.formats.csv")}</p>
      <div className="table-wrap" data-labelledby="csv-sample-heading">
        <pre>
          <code>{CSV_SAMPLE}</code>
        </pre>
      </div>
      <h3 id="json-sample-heading">{t("tickets.import.formats.jsonHeading")}</h3>
      <p>{t("tickets.import.formats.json")}</p>
      <div className="table-wrap" data-labelledby="json-sample-heading">
        <pre>
          <code>{TICKETS_JSON_SAMPLE}</code>
        </pre>
      </div>
      <h3>{t("tickets.import.formats.githubHeading")}</h3>
      <p>
        <Trans k="tickets.import.formats.github" values={{ code }} />
      </p>
    </section>
  );
}

const WRITEUPS_JSON_SAMPLE = `[{ "external_id": "OPS-12", "title": "Invoice totals off by a cent",
   "component": "billing", "resolution": "fixed", "tags": ["rounding"],
   "symptom": "…", "root_cause": "…", "fix": "…", "debugging": "…",
   "links": [{ "label": "PR", "url": "https://github.com/o/r/pull/1" }],
   "toil": [{ "description": "Corrected invoices by hand", "minutes": 30 }],
   "published_at": "2024-03-04T05:06:07Z" }]`;

const MARKDOWN_SAMPLE = `---
external_id: OPS-12
title: Invoice totals off by a cent
component: billing
resolution: fixed
tags: [rounding, invoices]
published_at: 2024-03-04T05:06:07Z
---

## Symptom
## Root cause
## Fix            (or ## Expected behaviour)
## How it was debugged
## Links
- [PR](https://github.com/o/r/pull/1)
## Toil
- Corrected invoices by hand — 30 min`;

/** How a write-up import file is written: JSON, or Markdown files with front matter. */
export function WriteupImportFormats() {
  const { t } = useT();
  return (
    <section aria-labelledby="formats-heading" className="card">
      <h2 id="formats-heading">{t("knowledge.import.formats.heading")}</h2>
      <p>
        <Trans
          k="knowledge.import.formats.body"
          values={{
            code,
            link: (chunks) => <Link to="/kb/export?format=json">{chunks}</Link>,
          }}
        />
      </p>
      <h3 id="json-sample-heading">{t("knowledge.import.formats.json")}</h3>
      <div className="table-wrap" data-labelledby="json-sample-heading">
        <pre>
          <code>{WRITEUPS_JSON_SAMPLE}</code>
        </pre>
      </div>
      <h3 id="markdown-sample-heading">{t("knowledge.import.formats.markdown")}</h3>
      <p>
        <Trans k="knowledge.import.formats.markdownBody" values={{ code }} />
      </p>
      <div className="table-wrap" data-labelledby="markdown-sample-heading">
        <pre>
          <code>{MARKDOWN_SAMPLE}</code>
        </pre>
      </div>
    </section>
  );
}
