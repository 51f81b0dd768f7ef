import { parentPort } from "node:worker_threads";
import { markdownHtml } from "./markdown-html.server";

// The worker thread long Markdown is rendered in (started by markdown.server.ts): a 50 KB list or
// table takes marked a few hundred milliseconds, which the request thread spends serving others.

export interface MarkdownJob {
  id: number;
  text: string;
}
export interface MarkdownDone {
  id: number;
  html: string;
}

parentPort?.on("message", (job: MarkdownJob) => {
  const done: MarkdownDone = { id: job.id, html: markdownHtml(job.text) };
  parentPort?.postMessage(done);
});
