// `npm run bench:import`: times parsing, previewing and importing 10,000 ticket rows from a CSV
// into a fresh SQLite file, then importing the same file again (all updates become no-ops); then
// the same for 1,000 write-ups from a knowledge-base JSON export. Writes bench/results-import.json.

import { performance } from "node:perf_hooks";
import { parseKbImportFile } from "~/knowledge/transfer/parse.server";
import type { PortableWriteup } from "~/knowledge/transfer/portable.server";
import { applyKbImport, previewKbImport } from "~/knowledge/transfer/preview.server";
import { assignmentMentorOf } from "~/mentoring/writeup-access.server";
import { applyImport, previewImport } from "~/tickets/import/apply.server";
import { parseImportFile } from "~/tickets/import/parse.server";
import { buildTestUser } from "../../seeds/builders";
import { createTestDatabase } from "../support/db";
import { CorpusGenerator } from "./corpus";
import { writeResults } from "./results";

const ROWS = Number(process.env.ROWS ?? 10_000);
const WRITEUPS = Number(process.env.IMPORT_WRITEUPS ?? 1_000);
const COMPONENTS = ["billing", "auth", "search", "notifications", "imports", "web-ui"];
const SYMPTOMS = [
  "times out",
  "shows the wrong total",
  "loses input",
  "crashes on save",
  "renders blank",
  "sends twice",
];

function csv(rows: number): string {
  const lines = ["title,body,component,labels,difficulty,external_id,url"];
  for (let i = 0; i < rows; i++) {
    const component = COMPONENTS[i % COMPONENTS.length];
    const symptom = SYMPTOMS[(i * 7) % SYMPTOMS.length];
    lines.push(
      `"${component} page ${symptom} (case ${i})","Steps to reproduce:\n1. open ${component}\n2. wait\n\nExpected it to work; it ${symptom}.",${component},"${i % 3 === 0 ? "starter," : ""}bench",${(i % 3) + 1},BENCH-${i},https://tracker.example/BENCH-${i}`,
    );
  }
  return lines.join("\n");
}

async function time<T>(fn: () => Promise<T> | T): Promise<[T, number]> {
  const start = performance.now();
  const result = await fn();
  return [result, (performance.now() - start) / 1000];
}

const t = await createTestDatabase();
const lead = await buildTestUser(t.db, "lead");
const file = csv(ROWS);
const [parsed, parseS] = await time(() =>
  parseImportFile("bench.csv", "text/csv", file, { starterLabels: ["starter"] }),
);
if (!parsed.ok) throw new Error(parsed.message);
const [preview, previewS] = await time(() => previewImport(t.db, parsed.rows));
const [first, applyS] = await time(() => applyImport(t.db, { actorId: lead, rows: parsed.rows }));
const [again, reapplyS] = await time(() => applyImport(t.db, { actorId: lead, rows: parsed.rows }));
const { count } = await t.db
  .selectFrom("tickets")
  .select((eb) => eb.fn.countAll<number>().as("count"))
  .executeTakeFirstOrThrow();

// Write-ups: a JSON export of generated write-ups, imported into the same database.
const corpus = new CorpusGenerator(7);
const portable: PortableWriteup[] = Array.from({ length: WRITEUPS }, (_, i) => {
  const { writeup } = corpus.next();
  return {
    external_id: `bench-${i}`,
    title: writeup.title,
    component: writeup.component,
    resolution: writeup.resolution,
    tags: writeup.tags,
    symptom: writeup.symptom,
    root_cause: writeup.rootCause,
    fix: writeup.fix,
    debugging: writeup.debugging,
    links: writeup.links,
    toil: writeup.toil,
    status: "published",
  };
});
const json = JSON.stringify(portable);
const [kbParsed, kbParseS] = await time(() =>
  parseKbImportFile("knowledge-base.json", "application/json", json),
);
if (!kbParsed.ok) throw new Error(kbParsed.message);
if (kbParsed.problems.length) throw new Error(JSON.stringify(kbParsed.problems.slice(0, 3)));
const importer = { viewer: { id: lead, role: "lead" as const }, mentorOf: assignmentMentorOf };
const [kbPreview, kbPreviewS] = await time(() => previewKbImport(t.db, importer, kbParsed.items));
const [kbFirst, kbApplyS] = await time(() =>
  applyKbImport(t.db, { importer, items: kbParsed.items }),
);
const [kbAgain, kbReapplyS] = await time(() =>
  applyKbImport(t.db, { importer, items: kbParsed.items }),
);
await t.close();

const fmt = (s: number) => `${s.toFixed(2)} s`;
const out = (line: string) => process.stdout.write(`${line}\n`);
out(
  `Import benchmark: ${ROWS.toLocaleString("en")} ticket rows, ${(file.length / 1024 / 1024).toFixed(1)} MB of CSV`,
);
out(`  parse + validate   ${fmt(parseS)}`);
out(`  preview            ${fmt(previewS)}  (${preview.create} to create)`);
out(`  import             ${fmt(applyS)}  (${first.created} created)`);
out(
  `  total, first time  ${fmt(parseS + previewS + applyS)}  (goal ≤ 3 s: ${parseS + previewS + applyS <= 3 ? "met" : "NOT MET"})`,
);
out(
  `  re-import          ${fmt(reapplyS)}  (${again.unchanged} unchanged, ${again.created} created)`,
);
out(`  tickets stored     ${count}`);
out(
  `Import benchmark: ${WRITEUPS.toLocaleString("en")} write-ups, ${(json.length / 1024 / 1024).toFixed(1)} MB of JSON`,
);
out(`  parse + validate   ${fmt(kbParseS)}`);
out(`  preview            ${fmt(kbPreviewS)}  (${kbPreview.create} to create)`);
out(`  import             ${fmt(kbApplyS)}  (${kbFirst.created} created)`);
out(`  total, first time  ${fmt(kbParseS + kbPreviewS + kbApplyS)}`);
out(`  re-import          ${fmt(kbReapplyS)}  (${kbAgain.unchanged} unchanged)`);

const round = (n: number) => Math.round(n * 100) / 100;
out(
  `  written to ${writeResults("results-import.json", {
    date: new Date().toISOString(),
    tickets: {
      rows: ROWS,
      csvBytes: file.length,
      parseSeconds: round(parseS),
      previewSeconds: round(previewS),
      importSeconds: round(applyS),
      totalSeconds: round(parseS + previewS + applyS),
      reimportSeconds: round(reapplyS),
      created: first.created,
      goalSeconds: 3,
      met: parseS + previewS + applyS <= 3,
    },
    writeups: {
      items: WRITEUPS,
      jsonBytes: json.length,
      parseSeconds: round(kbParseS),
      previewSeconds: round(kbPreviewS),
      importSeconds: round(kbApplyS),
      totalSeconds: round(kbParseS + kbPreviewS + kbApplyS),
      reimportSeconds: round(kbReapplyS),
      created: kbFirst.created,
    },
  })}`,
);
