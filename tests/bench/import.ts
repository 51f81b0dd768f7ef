// `npm run bench:import`: times parsing, previewing and importing 10,000 ticket rows from a CSV
// into a fresh SQLite file, then importing the same file again (all updates become no-ops).
import { performance } from "node:perf_hooks";
import { applyImport, parseImportFile, previewImport } from "~/tickets/import.server";
import { buildTestUser } from "../../seeds/builders";
import { createTestDatabase } from "../support/db";

const ROWS = Number(process.env.ROWS ?? 10_000);
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
await t.close();

const fmt = (s: number) => `${s.toFixed(2)} s`;
console.warn(
  `Import benchmark: ${ROWS.toLocaleString("en")} rows, ${(file.length / 1024 / 1024).toFixed(1)} MB of CSV`,
);
console.warn(`  parse + validate   ${fmt(parseS)}`);
console.warn(`  preview            ${fmt(previewS)}  (${preview.create} to create)`);
console.warn(`  import             ${fmt(applyS)}  (${first.created} created)`);
console.warn(`  total, first time  ${fmt(parseS + previewS + applyS)}`);
console.warn(
  `  re-import          ${fmt(reapplyS)}  (${again.unchanged} unchanged, ${again.created} created)`,
);
console.warn(`  tickets stored     ${count}`);
