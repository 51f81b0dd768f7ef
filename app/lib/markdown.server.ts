import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { logger } from "./logger.server";
import { markdownHtml, plainHtml } from "./markdown-html.server";
import type { MarkdownDone, MarkdownJob } from "./markdown-worker.server";
import { timeSlicer } from "./time-slice";

// Markdown is rendered where it costs nobody a wait: short texts (most comments, guides and
// notes) on the request thread between turns of the event loop, long ones in a worker thread.
// marked takes 200–800 ms on 50–200 KB of one list, table or quote, a block it cannot render in
// pieces; on the request thread that held every other request back for as long.

const MAX_LENGTH = 200_000;
/** Longer texts are rendered off the request thread (8 KB of the slowest Markdown is ~30 ms). */
const INLINE_CHARS = 8_000;
/** A render the worker has not finished by then is given up: the text is shown as written. */
const WORKER_TIMEOUT_MS = 10_000;

/** Rendered Markdown kept by its text: pages show the same tickets and write-ups again and again. */
const cache = new Map<string, string>();
const CACHE_CHARS = 8_000_000;
let cachedChars = 0;

/** The HTML kept for `text`, marked as the most recently used. */
function recalled(text: string): string | undefined {
  const known = cache.get(text);
  if (known !== undefined) {
    cache.delete(text);
    cache.set(text, known);
  }
  return known;
}

function remember(markdown: string, html: string): string {
  const size = markdown.length + html.length;
  if (size > CACHE_CHARS / 8) return html;
  cache.set(markdown, html);
  cachedChars += size;
  for (const [key, value] of cache) {
    if (cachedChars <= CACHE_CHARS) break;
    cache.delete(key);
    cachedChars -= key.length + value.length;
  }
  return html;
}

/**
 * Markdown → safe HTML on the calling thread (see markdown-html.server.ts), for short texts whose
 * length a form caps (a track's guide); pages with long text use `renderMarkdownEach`.
 */
export function renderMarkdown(markdown: string): string {
  const text = markdown.slice(0, MAX_LENGTH);
  return recalled(text) ?? remember(text, markdownHtml(text));
}

/**
 * Several Markdown texts rendered for one page: short ones here, letting the event loop turn
 * between them, long ones in the worker thread meanwhile.
 */
export async function renderMarkdownEach(texts: readonly string[]): Promise<string[]> {
  const slice = timeSlicer();
  const out: Array<string | Promise<string>> = [];
  for (const markdown of texts) {
    const text = markdown.slice(0, MAX_LENGTH);
    const known = text.trim() ? recalled(text) : "";
    if (known !== undefined) out.push(known);
    else if (text.length > INLINE_CHARS) out.push(offThread(text));
    else {
      await slice();
      out.push(remember(text, markdownHtml(text)));
    }
  }
  return Promise.all(out);
}

// The worker: one, started on the first long text and kept (unref'd: it never holds the process
// open). It renders one text at a time; the others wait in line here, and a text asked for again
// while it is being rendered waits for the same answer.

interface Waiting {
  text: string;
  settle: (html: string) => void;
}
const line: Waiting[] = [];
const rendering = new Map<string, Promise<string>>();
let worker: {
  thread: Worker;
  job: (Waiting & { id: number; timer: NodeJS.Timeout }) | null;
} | null = null;
let nextId = 1;
let missingWarned = false;

function offThread(text: string): Promise<string> {
  const pending = rendering.get(text);
  if (pending) return pending;
  const answer = new Promise<string>((settle) => line.push({ text, settle })).then((html) => {
    rendering.delete(text);
    return remember(text, html);
  });
  rendering.set(text, answer);
  pump();
  return answer;
}

/**
 * The worker's script: built next to the server (build/markdown-worker.js) or, running from the
 * sources (tests, `npm run dev`), the TypeScript file beside this one, loaded through tsx.
 */
function workerScript(): { file: string; typescript: boolean } | null {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const file of [
    path.join(here, "markdown-worker.js"),
    path.join(here, "..", "markdown-worker.js"),
  ])
    if (fs.existsSync(file)) return { file, typescript: false };
  const source = path.join(here, "markdown-worker.server.ts");
  return fs.existsSync(source) ? { file: source, typescript: true } : null;
}

function startWorker(): Worker | null {
  const script = workerScript();
  if (!script) return null;
  const url = JSON.stringify(pathToFileURL(script.file).href);
  const thread = script.typescript
    ? new Worker(`import("tsx/esm/api").then((tsx) => tsx.tsImport(${url}, ${url}))`, {
        eval: true,
      })
    : new Worker(script.file);
  thread.unref();
  logger.info("markdown worker started", { script: path.basename(script.file) });
  thread.on("message", (done: MarkdownDone) => {
    const job = worker?.thread === thread ? worker.job : null;
    if (!job || job.id !== done.id) return;
    clearTimeout(job.timer);
    if (worker) worker.job = null;
    job.settle(done.html);
    pump();
  });
  const lost = (error?: unknown) => {
    if (worker?.thread !== thread) return;
    const job = worker.job;
    worker = null;
    if (job) {
      clearTimeout(job.timer);
      logger.warn("markdown worker stopped; the text is shown as written", {
        chars: job.text.length,
        error: error instanceof Error ? error.message : String(error ?? "exit"),
      });
      job.settle(plainHtml(job.text));
    }
    pump();
  };
  thread.on("error", lost);
  thread.on("exit", () => lost());
  return thread;
}

/** Sends the next waiting text to the worker, starting one when there is none. */
function pump() {
  if (worker?.job || line.length === 0) return;
  if (!worker) {
    const thread = startWorker();
    if (!thread) {
      // No worker script (an incomplete build): render here rather than not at all.
      if (!missingWarned) logger.warn("markdown worker script missing; rendering inline");
      missingWarned = true;
      for (const waiting of line.splice(0)) waiting.settle(markdownHtml(waiting.text));
      return;
    }
    worker = { thread, job: null };
  }
  const current = worker;
  const next = line.shift() as Waiting;
  const id = nextId++;
  const timer = setTimeout(() => {
    // A render this long is a parser gone wrong: stop that worker; the next text gets a new one.
    void current.thread.terminate();
  }, WORKER_TIMEOUT_MS);
  timer.unref();
  current.job = { ...next, id, timer };
  const job: MarkdownJob = { id, text: next.text };
  current.thread.postMessage(job);
}
