// `npm run bench`: every benchmark, one after another, on the large dataset (built once through
// the domain, then reused; see dataset.ts): imports, search, pages under load (with cold start,
// memory, client JavaScript and the parallel writer). Each prints its own table; this prints the
// goals of all of them together and writes bench/results.json. Nothing here asserts speed.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { DEFAULT_DATASET, ensureDataset, LARGE } from "./dataset";
import { readResults, writeResults } from "./results";

const out = (line = "") => process.stdout.write(`${line}\n`);
const started = performance.now();

const dataset = await ensureDataset(DEFAULT_DATASET);

function run(script: string, env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, ["--import", "tsx", path.resolve(script)], {
    stdio: "inherit",
    env: { ...process.env, ...env },
  });
  if (result.status !== 0)
    throw new Error(`${script} failed with ${result.status ?? result.signal}`);
}

run("tests/bench/import.ts");
run("tests/bench/search.ts", {
  BENCH_DB: dataset.file,
  WRITEUPS: String(LARGE.writeups),
});
run("tests/bench/pages.ts", { BENCH_DATASET: dataset.file });

interface Goal {
  goal: string;
  value: unknown;
  met: boolean;
}
const read = (name: string) => readResults<Record<string, unknown> & { goals?: Goal[] }>(name);
const imports = read("results-import.json") as ReturnType<typeof read> & {
  tickets: { totalSeconds: number; met: boolean };
  writeups: { totalSeconds: number };
};
const search = read("results-search.json");
const pages = read("results-pages.json");
const goals: (Goal & { area: string })[] = [
  {
    area: "import",
    goal: "10,000 tickets imported ≤ 3 s",
    value: `${imports.tickets.totalSeconds} s`,
    met: imports.tickets.met,
  },
  ...(search.goals ?? []).map((g) => ({
    area: "search",
    ...g,
    value: typeof g.value === "number" ? (g.value as number).toFixed(2) : g.value,
  })),
  ...(pages.goals ?? []).map((g) => ({ area: "pages", ...g })),
];

out();
out(`Koan benchmarks — ${((performance.now() - started) / 1000).toFixed(0)} s in all`);
out(
  `  dataset: ${path.relative(process.cwd(), dataset.file)} (${dataset.reused ? "reused" : `built in ${dataset.seconds.toFixed(0)} s`})`,
);
out(`  1,000 write-ups imported in ${imports.writeups.totalSeconds} s`);
for (const g of goals)
  out(
    `  ${g.met ? "met    " : "NOT MET"}  ${g.area.padEnd(7)} ${g.goal.padEnd(52)} ${String(g.value ?? "")}`,
  );
const written = writeResults("results.json", {
  date: new Date().toISOString(),
  node: process.version,
  dataset,
  goals,
  import: imports,
  search,
  pages,
});
out(`  written to ${written}`);
