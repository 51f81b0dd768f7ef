// The physical floor for the page benchmark: a plain node:http handler that runs the ticket
// queue's own queries (listTickets for the first 50 active tickets, and listFacets) on the same
// database and answers with similar HTML — no framework, no session, no React.
//
//   DATABASE_PATH=bench/dataset.db npx tsx tests/bench/floor-server.ts   prints {"port":N}
import http from "node:http";
import { openDatabase } from "#db/client";
import { listTickets } from "~/mentoring/ticket-status.server";
import { listFacets } from "~/tickets/tickets.server";

const file = process.env.DATABASE_PATH;
if (!file) throw new Error("DATABASE_PATH is required");
const { db } = openDatabase(file);

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string,
  );

const server = http.createServer(async (_request, response) => {
  try {
    const [result, facets] = await Promise.all([
      listTickets(db, {
        status: "active",
        starterOnly: false,
        sort: "newest",
        page: 1,
        pageSize: 50,
      }),
      listFacets(db),
    ]);
    const rows = result.rows
      .map(
        (r) =>
          `<tr><td><a href="/tickets/${r.id}">${escapeHtml(r.title)}</a></td><td>${escapeHtml(r.component)}</td><td>${r.difficulty}</td><td>${escapeHtml(r.status)}</td><td>${escapeHtml(r.labels.join(", "))}</td><td>${escapeHtml(r.holder ?? "")}</td><td>${escapeHtml(r.created_at)}</td></tr>`,
      )
      .join("");
    const options = facets.components.map((c) => `<option>${escapeHtml(c)}</option>`).join("");
    response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    response.end(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Tickets</title></head><body><main><h1>Tickets</h1><p>${result.total} tickets</p><form><select name="component">${options}</select></form><table><thead><tr><th>Title</th><th>Component</th><th>Difficulty</th><th>Status</th><th>Labels</th><th>Holder</th><th>Created</th></tr></thead><tbody>${rows}</tbody></table></main></body></html>`,
    );
  } catch (error) {
    response.writeHead(500).end(String(error));
  }
});
server.keepAliveTimeout = 65_000;
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  process.stdout.write(
    `${JSON.stringify({ port: typeof address === "object" && address ? address.port : 0 })}\n`,
  );
});
process.on("SIGINT", () => process.exit(0));
process.on("SIGTERM", () => process.exit(0));
