// Where the benchmarks keep their figures: bench/<name>, git-ignored, JSON.
import fs from "node:fs";
import path from "node:path";

/** Writes `data` to bench/<name> and returns the path to print. */
export function writeResults(name: string, data: unknown): string {
  const file = path.resolve("bench", name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
  return path.relative(process.cwd(), file);
}

export function readResults<T>(name: string): T {
  return JSON.parse(fs.readFileSync(path.resolve("bench", name), "utf8")) as T;
}
