import { createHash } from "node:crypto";
import http from "node:http";
import { strToU8, zipSync } from "fflate";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "~/auth/api-tokens.server";
import { signGithubPayload } from "~/tickets/github.server";
import { DEMO_PASSWORD } from "../../seeds/builders";
import { sendChunked } from "../support/chunked";
import { Browser } from "../support/http";
import { startServer, type TestServer } from "../support/server";

// One hostile-input battery over every entry point of the real built server: every form action
// (route × intent), the resource routes, the two uploads and the GitHub webhook. Whatever comes
// in, the answer is a clear 4xx or a normal page, never 5xx; a script typed in never comes back
// unescaped in HTML; and a refused (4xx) request stores nothing.

type Who = "anonymous" | "newcomer" | "mentor" | "lead";
type Form = Record<string, string | string[]>;

const SECRET = "hostile-input-webhook-secret";
const SCRIPT = "<script>alert(1)</script>";
const IMG = '"><img src=x onerror=alert(1)>';
const MB = 1024 * 1024;
/** A request still unanswered after this long is reported as a hang. */
const REQUEST_TIMEOUT_MS = 5_000;
const HUGE = "a".repeat(MB);
const HUGE_EMOJI = "😀".repeat(MB / 4); // 1 MB of UTF-8, 3 MB once percent-encoded
const PAYLOADS = [
  SCRIPT,
  IMG,
  "'; drop table users; --",
  '" OR 1=1 --',
  "NEAR(",
  "*",
  '"unbalanced',
  "c++ -foo a:b ^x",
  "\u202Egnp.exe\u202C right-to-left",
  "zero\u200Bwidth\u200B",
  "🔥👩‍💻 결제가 ﷽",
  "nul\u0000byte",
  "lone \uD800 surrogate",
  "   ",
  "../../etc/passwd.csv",
  "javascript:alert(1)",
  "%00%27%22",
];
/** The payloads each form's every field gets at once: one of each kind of PAYLOADS. */
const FIELD_PAYLOADS = [
  SCRIPT,
  "nul\u0000byte",
  "lone \uD800 surrogate",
  "   ",
  "%00%27%22",
  "🔥👩‍💻 결제가 ﷽",
];
const BAD_IDS = [
  "abc",
  "-1",
  "0",
  "1.5",
  "1e309",
  "99999999999999999999",
  "",
  "0x1f",
  "NaN",
  "Infinity",
  "1; drop table users",
  SCRIPT,
  "1".repeat(MB),
];

/** What a refused request must leave alone: counts, plus markers that move on an update. */
const WATCHED: Record<string, string> = {
  users: "count(*) || '/' || group_concat(updated_at || status)",
  invites: "count(*) || '/' || count(revoked_at) || '/' || count(accepted_at)",
  tickets: "count(*) || '/' || group_concat(updated_at || status)",
  ticket_events: "count(*)",
  assignments: "count(*) || '/' || group_concat(last_progress_at || status)",
  assignment_checkpoints: "count(*) || '/' || group_concat(state || state_since)",
  evidence: "count(*)",
  checkpoint_comments: "count(*)",
  writeups: "count(*) || '/' || group_concat(updated_at || status || ifnull(verified_at, ''))",
  writeup_flags: "count(*) || '/' || count(resolved_at)",
  writeup_votes: "count(*)",
  notifications: "count(*) || '/' || count(read_at)",
  api_tokens: "count(*) || '/' || count(revoked_at)",
  webhook_deliveries: "count(*)",
  search_misses: "count(*) || '/' || total(count)",
  track_versions: "count(*)",
  audit_events: "count(*)",
};
const SNAPSHOT = sql.raw(
  `select ${Object.entries(WATCHED)
    .map(([table, expr]) => `(select ${expr} from ${table}) as ${table}`)
    .join(", ")}`,
);

interface Case {
  who: Who;
  path: string;
  method?: string;
  form?: Form;
  body?: BodyInit;
  headers?: Record<string, string>;
  /** Must be refused with a 4xx (a 2xx or 3xx would be a bug). */
  refuse?: boolean;
  /** A browser of its own (for requests that end their session). */
  browser?: Browser;
  /** Says what a raw body holds, for the report. */
  label?: string;
}

let server: TestServer;
const browsers = {} as Record<Exclude<Who, "anonymous">, Browser>;
let casesRun = 0;
let duplicatesSkipped = 0;
let serverErrors = 0;

beforeAll(async () => {
  server = await startServer({ GITHUB_WEBHOOK_SECRET: SECRET, LOGIN_MAX_FAILURES: "1000" });
  for (const who of ["lead", "mentor", "newcomer"] as const) {
    browsers[who] = new Browser(server.url);
    await browsers[who].login(`${who}@koan.test`, DEMO_PASSWORD);
  }
});
afterAll(async () => {
  console.warn(
    `hostile-input: ${casesRun} cases, ${serverErrors} server errors (${duplicatesSkipped} generated twice, sent once)`,
  );
  await server?.stop();
});

async function snapshot(): Promise<Record<string, unknown>> {
  return ((await SNAPSHOT.execute(server.db)).rows[0] ?? {}) as Record<string, unknown>;
}

function show(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > 80 ? `${JSON.stringify(text.slice(0, 60))}…(${text.length} chars)` : text;
}

/** Where two snapshots of a table part: a few characters either side. */
function difference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  const from = Math.max(0, i - 30);
  return `${JSON.stringify(a.slice(from, i + 30))} → ${JSON.stringify(b.slice(from, i + 30))}`;
}

function describeCase(c: Case): string {
  const body = c.form
    ? JSON.stringify(
        Object.fromEntries(
          Object.entries(c.form).map(([k, v]) => [
            show(k),
            Array.isArray(v) ? v.map(show) : show(v),
          ]),
        ),
      )
    : c.body === undefined
      ? ""
      : (c.label ??
        show(typeof c.body === "string" ? c.body : `<${c.headers?.["Content-Type"] ?? "body"}>`));
  return `${c.who} ${c.method ?? (c.form || c.body !== undefined ? "POST" : "GET")} ${show(c.path)} ${body}`;
}

/**
 * A case's request as a key, or null for one that must go as it is (with a browser of its own).
 * The batteries are generated: when an action's free-text fields are all its fields, two rules
 * make the same request.
 */
function requestKey(c: Case): string | null {
  if (c.browser) return null;
  const hash = createHash("sha1");
  hash.update(`${c.who}\n${c.method ?? ""}\n${c.path}\n${c.refuse ? "refuse" : ""}\n`);
  hash.update(JSON.stringify([c.form ?? null, c.headers ?? null, c.label ?? null]));
  if (typeof c.body === "string" || Buffer.isBuffer(c.body)) hash.update(c.body);
  else if (c.body !== undefined) return null;
  return hash.digest("hex");
}

/** Sends each case in turn; answers the list of problems found (empty when all is well). */
async function run(cases: readonly Case[]): Promise<string[]> {
  const problems: string[] = [];
  const sent = new Set<string>();
  for (const c of cases) {
    const key = requestKey(c);
    if (key !== null) {
      if (sent.has(key)) {
        duplicatesSkipped++;
        continue;
      }
      sent.add(key);
    }
    const browser =
      c.browser ?? (c.who === "anonymous" ? new Browser(server.url) : browsers[c.who]);
    const cookie = browser.cookie;
    const before = await snapshot();
    let response: Response;
    let text: string;
    const started = Date.now();
    try {
      response = await browser.request(c.path, {
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        method: c.method ?? (c.form || c.body !== undefined ? "POST" : "GET"),
        form: c.form,
        body: c.body,
        headers: {
          ...(c.form || c.body !== undefined ? { Origin: server.url } : {}),
          ...c.headers,
        },
      });
      text = await response.text();
    } catch (error) {
      problems.push(
        `${describeCase(c)} → no answer: ${String(error)} (or an earlier request on the same keep-alive connection was answered before its body was read: see the keep-alive test)`,
      );
      continue;
    }
    if (process.env.HOSTILE_SLOW && Date.now() - started > 300)
      console.warn(`slow ${Date.now() - started} ms: ${describeCase(c)}`);
    casesRun++;
    const status = response.status;
    const type = response.headers.get("content-type") ?? "";
    const what = `${describeCase(c)} → ${status}`;
    if (status >= 500) {
      serverErrors++;
      problems.push(`${what} (server error)`);
    }
    if (c.refuse && (status < 400 || status >= 500)) problems.push(`${what} (expected a 4xx)`);
    if (type.includes("text/html") && (text.includes(SCRIPT) || /<img[^>]*onerror/i.test(text)))
      problems.push(`${what} (unescaped script in the HTML)`);
    if (status >= 400 && status < 500) {
      const after = await snapshot();
      const changed = Object.keys(WATCHED).filter((k) => String(before[k]) !== String(after[k]));
      if (changed.length)
        problems.push(
          `${what} (refused, yet stored: ${changed.map((k) => `${k} ${difference(String(before[k]), String(after[k]))}`).join("; ")})`,
        );
    }
    if (c.who !== "anonymous" && cookie && !browser.cookie)
      problems.push(`${what} (the session ended)`);
  }
  return problems;
}

// ------------------------------------------------------------------------------------------------
// Form actions: each route × intent, with a valid skeleton and the fields that take free text.

interface Action {
  path: string;
  /** A request the route would accept (or refuse only for state, not shape). */
  base: Form;
  /** Free-text fields: a hostile value here may well be stored, and must then render escaped. */
  text?: string[];
  /** Id and number fields. */
  ids?: string[];
  /** Who gets the full battery; `others` get a short one and must be refused. */
  who: Who[];
  others?: Who[];
  /** An unknown intent must be refused (false where the intent only picks save or publish). */
  strictIntent?: boolean;
  /** The intent alone is a complete request. */
  bareOk?: boolean;
}

function multipart(
  parts: { name: string; filename?: string; type?: string; data: string | Uint8Array }[],
  boundary = "----koan-hostile-boundary",
) {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const file = part.filename === undefined ? "" : `; filename="${part.filename}"`;
    const type = part.type ? `\r\nContent-Type: ${part.type}` : "";
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"${file}${type}\r\n\r\n`,
      ),
      Buffer.from(part.data),
      Buffer.from("\r\n"),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    body: Buffer.concat(chunks),
    headers: { "Content-Type": `multipart/form-data; boundary=${boundary}` },
  };
}

function battery(action: Action): Case[] {
  const { path, base } = action;
  const text = action.text ?? [];
  const ids = action.ids ?? [];
  const fields = Object.keys(base).filter((k) => k !== "intent");
  const strict = action.strictIntent ?? "intent" in base;
  const out: Case[] = [];
  const withAll = (names: string[], value: string | string[]) =>
    ({ ...base, ...Object.fromEntries(names.map((n) => [n, value])) }) as Form;
  for (const who of action.who) {
    out.push({ who, path, form: {}, refuse: true });
    if ("intent" in base)
      out.push({ who, path, form: { intent: base.intent ?? "" }, refuse: !action.bareOk });
    for (const p of PAYLOADS) if (text.length) out.push({ who, path, form: withAll(text, p) });
    // Every field at once (ids, choices and hidden fields too) gets the payloads that reach
    // different code: markup, control and broken characters, blanks, encoded quotes, other scripts.
    for (const p of FIELD_PAYLOADS)
      if (fields.length) out.push({ who, path, form: withAll(fields, p) });
    if (strict) {
      for (const intent of [SCRIPT, "", "INVITE", "claim\u0000", "approve ", HUGE])
        out.push({ who, path, form: { ...base, intent }, refuse: true });
    }
    if (ids.length) for (const bad of BAD_IDS) out.push({ who, path, form: withAll(ids, bad) });
    if (text.length) {
      out.push({ who, path, form: withAll(text, HUGE) });
      out.push({ who, path, form: { ...base, [text[0] ?? ""]: HUGE_EMOJI } });
    }
    // Duplicated fields, both orders; and every field an array of hostile values.
    for (const field of Object.keys(base)) {
      const value = String(base[field]);
      out.push({ who, path, form: { ...base, [field]: [value, SCRIPT] } });
      out.push({ who, path, form: { ...base, [field]: [IMG, value] } });
    }
    out.push({ who, path, form: withAll(fields, [SCRIPT, IMG, "1", "-1"]) });
    // Bodies a form action cannot read.
    const json = JSON.stringify(base);
    for (const [type, body] of [
      ["application/json", json],
      ["application/json", '{"intent": "'],
      ["text/plain", new URLSearchParams(base as Record<string, string>).toString()],
      ["multipart/form-data; boundary=abc", `--xyz\r\n${json}`],
      ["multipart/form-data", "--x\r\nContent-Disposition: form-data; name=intent\r\n\r\n"],
      [
        "multipart/form-data; boundary=trunc",
        '--trunc\r\nContent-Disposition: form-data; name="intent"\r\n\r\nsubmi',
      ],
      ["application/x-www-form-urlencoded", "%%%&&==&intent=%E0%A4%A&\u0000=\u0000"],
    ] as const) {
      const refuse = type.startsWith("multipart") || type === "application/json";
      out.push({ who, path, body, headers: { "Content-Type": type }, refuse });
    }
    // Every field as a file part instead of text.
    const asFiles = multipart(
      Object.entries(base).map(([name, value]) => ({
        name,
        filename: "../../etc/passwd.csv",
        type: "text/plain",
        data: String(value),
      })),
    );
    out.push({ who, path, body: asFiles.body, headers: asFiles.headers });
    out.push({ who, path, form: { ...base, "\u0000": "x", "intent\u0000": SCRIPT, "": "" } });
    for (const method of ["PUT", "DELETE", "PATCH"])
      out.push({ who, path, method, form: withAll(text, SCRIPT) });
  }
  for (const who of action.others ?? []) {
    out.push({ who, path, form: {}, refuse: true });
    out.push({ who, path, form: base, refuse: true });
    out.push({ who, path, form: withAll(text, SCRIPT), refuse: true });
    out.push({ who, path, method: "PUT", form: base, refuse: true });
  }
  return out;
}

/** Ids of records the battery aims at, some of them other users' (for forged requests). */
async function fixtures() {
  const db = server.db;
  const users = Object.fromEntries(
    (await db.selectFrom("users").select(["id", "email"]).execute()).map((u) => [u.email, u.id]),
  );
  const minjun = users["newcomer@koan.test"] ?? 0;
  const tomas = users["mentor@koan.test"] ?? 0;
  const sam = users["sam@koan.test"] ?? 0;
  const assignments = await db
    .selectFrom("assignments")
    .select(["id", "newcomer_id", "mentor_id", "ticket_id", "status"])
    .orderBy("id")
    .execute();
  const own =
    assignments.find((a) => a.newcomer_id === minjun && a.status === "active") ??
    assignments.find((a) => a.newcomer_id === minjun);
  const mentee = assignments.find((a) => a.mentor_id === tomas && a.newcomer_id !== minjun);
  const neither = assignments.find(
    (a) => a.mentor_id !== tomas && a.newcomer_id !== minjun && a.status === "active",
  );
  const checkpointOf = async (assignmentId = 0) =>
    (
      await db
        .selectFrom("assignment_checkpoints")
        .select("id")
        .where("assignment_id", "=", assignmentId)
        .orderBy("id")
        .executeTakeFirst()
    )?.id ?? 0;
  const othersNotification = await db
    .selectFrom("notifications")
    .select("id")
    .where("user_id", "!=", minjun)
    .executeTakeFirstOrThrow();
  const ownNotification = await db
    .selectFrom("notifications")
    .select("id")
    .where("user_id", "=", minjun)
    .executeTakeFirst();
  const tomasToken = await createApiToken(db, { userId: tomas, name: "Tomás's bot" });
  const leadToken = await createApiToken(db, {
    userId: users["lead@koan.test"] ?? 0,
    name: "hostile-input",
  });
  if (!tomasToken.ok || !leadToken.ok) throw new Error("could not create API tokens");
  const tomasTokenRow = await db
    .selectFrom("api_tokens")
    .select("id")
    .where("user_id", "=", tomas)
    .executeTakeFirstOrThrow();

  const inviteHtml = await (
    await browsers.lead.post("/team", {
      intent: "invite",
      email: "hostile-guest@koan.test",
      role: "newcomer",
    })
  ).text();
  const inviteToken = /\/invite\/([A-Za-z0-9_-]{20,})/.exec(inviteHtml)?.[1];
  if (!inviteToken) throw new Error("no invite link on the team page");
  await browsers.lead.post("/team", {
    intent: "invite",
    email: "revoke-me@koan.test",
    role: "lead",
  });
  const invite = await db
    .selectFrom("invites")
    .select("id")
    .where("email", "=", "revoke-me@koan.test")
    .executeTakeFirstOrThrow();

  // Write-ups neither Minjun nor Tomás wrote or reviewed: theirs to leave alone.
  const writeups = await db
    .selectFrom("writeups as w")
    .leftJoin("assignments as a", "a.id", "w.assignment_id")
    .select(["w.id", "w.status"])
    .where((eb) =>
      eb.or([eb("w.author_id", "is", null), eb("w.author_id", "not in", [minjun, tomas])]),
    )
    .where((eb) => eb.or([eb("a.mentor_id", "is", null), eb("a.mentor_id", "!=", tomas)]))
    .where((eb) => eb.or([eb("a.newcomer_id", "is", null), eb("a.newcomer_id", "!=", minjun)]))
    .orderBy("w.id")
    .execute();
  const published = writeups.find((w) => w.status === "published")?.id ?? 0;
  const othersDraft = writeups.find((w) => w.status === "draft")?.id ?? 0;
  const openTickets = await db
    .selectFrom("tickets")
    .select("id")
    .where("status", "=", "open")
    .where("starter", "=", 1)
    .orderBy("id")
    .limit(3)
    .execute();
  const flag = await db.selectFrom("writeup_flags").select("id").executeTakeFirst();
  const track = await db
    .selectFrom("track_versions")
    .select((eb) => eb.fn.max("version").as("v"))
    .executeTakeFirstOrThrow();
  await browsers.newcomer.post("/kb", { intent: "miss", q: "zzqx nothing matches this" });
  const gap = await db.selectFrom("search_misses").select("query").executeTakeFirst();
  return {
    tomas,
    sam,
    own: own?.id ?? 0,
    ownCheckpoint: await checkpointOf(own?.id),
    mentee: mentee?.id ?? 0,
    menteeCheckpoint: await checkpointOf(mentee?.id),
    neither: neither?.id ?? 0,
    neitherCheckpoint: await checkpointOf(neither?.id),
    neitherTicket: neither?.ticket_id ?? 0,
    othersNotification: othersNotification.id,
    ownNotification: ownNotification?.id ?? othersNotification.id,
    tomasTokenId: tomasTokenRow.id,
    bearer: leadToken.token,
    inviteToken,
    inviteId: invite.id,
    published,
    othersDraft,
    ticket: openTickets[0]?.id ?? 1,
    dupTicket: openTickets[1]?.id ?? 2,
    editTicket: openTickets[2]?.id ?? 3,
    flag: flag?.id ?? 99999,
    trackVersion: Number(track.v ?? 1),
    gap: gap?.query ?? "zzqx nothing matches this",
  };
}

type Fixtures = Awaited<ReturnType<typeof fixtures>>;
let f: Fixtures;

function actions(): Action[] {
  const writeup = {
    intent: "save",
    title: "Hostile write-up",
    symptom: "It breaks",
    component: "billing",
    rootCause: "Because",
    fix: "Fixed it",
    debugging: "Looked",
    resolution: "fixed",
    tags: "a, b",
    links: "PR https://example.com/pr/1",
    toil: "Restarted the worker, 15",
  };
  const writeupText = ["title", "symptom", "rootCause", "fix", "debugging", "tags", "toil"];
  const ticket = {
    title: "Hostile ticket",
    body: "Body",
    component: "billing",
    labels: "starter, x",
    difficulty: "1",
    starter: "on",
  };
  return [
    {
      path: "/login",
      base: { email: "lead@koan.test", password: "not-the-password", redirectTo: "/tickets" },
      text: ["email", "password", "redirectTo"],
      who: ["anonymous"],
    },
    {
      path: `/invite/${f.inviteToken}`,
      base: { name: "Hostile Guest", password: "correct horse battery", confirm: "x" },
      text: ["name"],
      who: ["anonymous"],
    },
    {
      path: "/invite/not-a-real-token",
      base: { name: SCRIPT, password: "correct horse battery", confirm: "correct horse battery" },
      text: ["name", "password", "confirm"],
      who: ["anonymous"],
      strictIntent: false,
    },
    {
      path: "/team",
      base: {
        intent: "invite",
        email: "guest2@koan.test",
        name: "Guest",
        role: "newcomer",
        startDate: "2026-09-01",
        capacity: "",
        components: "billing",
      },
      text: ["name", "email", "components", "startDate"],
      ids: ["capacity"],
      who: ["lead"],
      others: ["mentor", "newcomer"],
      strictIntent: false,
    },
    {
      path: "/team",
      base: { intent: "revoke", inviteId: String(f.inviteId) },
      ids: ["inviteId"],
      who: ["lead"],
      others: ["mentor", "newcomer"],
      strictIntent: false,
    },
    {
      path: `/team/${f.sam}`,
      base: {
        intent: "update",
        role: "newcomer",
        startDate: "2026-10-01",
        capacity: "",
        components: "",
        maxAssignments: "1",
      },
      text: ["components", "startDate", "role"],
      ids: ["capacity", "maxAssignments"],
      who: ["lead"],
      others: ["mentor", "newcomer"],
      strictIntent: false,
    },
    {
      path: `/team/${f.sam}`,
      base: { intent: "status", status: "active" },
      text: ["status"],
      who: ["lead"],
      strictIntent: false,
    },
    {
      path: "/tickets/new",
      base: ticket,
      text: ["title", "body", "labels", "component"],
      ids: ["difficulty"],
      who: ["mentor"],
      others: ["newcomer"],
    },
    {
      path: `/tickets/${f.editTicket}/edit`,
      base: { ...ticket, status: "open", closeReason: "" },
      text: ["title", "body", "labels", "component", "status", "closeReason"],
      ids: ["difficulty"],
      who: ["lead"],
      others: ["newcomer"],
    },
    {
      path: `/tickets/${f.ticket}`,
      base: { intent: "claim", mentorId: String(f.tomas) },
      ids: ["mentorId"],
      who: ["newcomer"],
      others: ["mentor", "lead"],
    },
    {
      path: `/tickets/${f.dupTicket}`,
      base: { intent: "close_duplicate", writeupId: "99999" },
      ids: ["writeupId"],
      who: ["mentor"],
      others: ["newcomer"],
    },
    {
      path: `/tickets/${f.neitherTicket}`,
      base: { intent: "release" },
      who: [],
      others: ["newcomer", "mentor"],
    },
    {
      path: `/tickets/${f.ticket}`,
      base: { intent: "reassign", newcomerId: String(f.sam) },
      ids: ["newcomerId"],
      who: ["lead"],
      others: ["mentor", "newcomer"],
    },
    {
      path: `/tickets/${f.ticket}`,
      base: { intent: "mentor", mentorId: String(f.tomas) },
      ids: ["mentorId"],
      who: ["lead"],
    },
    {
      path: `/assignments/${f.own}`,
      base: {
        intent: "submit",
        checkpointId: String(f.ownCheckpoint),
        notes: "Found it",
        links: "PR https://example.com/pr/1",
        minutes: "15",
      },
      text: ["notes", "links"],
      ids: ["checkpointId", "minutes"],
      who: ["newcomer"],
    },
    {
      path: `/assignments/${f.own}`,
      base: { intent: "comment", checkpointId: String(f.ownCheckpoint), body: "Hello" },
      text: ["body"],
      ids: ["checkpointId"],
      who: ["newcomer"],
    },
    {
      path: `/assignments/${f.mentee}`,
      base: {
        intent: "request_changes",
        checkpointId: String(f.menteeCheckpoint),
        comment: "Please add a test",
      },
      text: ["comment"],
      ids: ["checkpointId"],
      who: ["mentor"],
      others: ["newcomer"],
    },
    {
      path: `/assignments/${f.neither}`,
      base: { intent: "submit", checkpointId: String(f.neitherCheckpoint), notes: "forged" },
      text: ["notes"],
      who: [],
      others: ["newcomer", "mentor"],
    },
    {
      path: "/inbox",
      base: { intent: "read", notificationId: String(f.ownNotification) },
      ids: ["notificationId"],
      who: ["newcomer"],
    },
    {
      path: "/inbox",
      base: { intent: "read_all", upToId: "1" },
      ids: ["upToId"],
      who: ["mentor"],
      bareOk: true,
    },
    {
      path: "/settings/tokens",
      base: { intent: "create", name: "A bot" },
      text: ["name"],
      who: ["mentor"],
      strictIntent: false,
    },
    {
      path: "/settings/tokens",
      base: { intent: "revoke", tokenId: "99999" },
      ids: ["tokenId"],
      who: ["newcomer"],
      strictIntent: false,
    },
    {
      path: "/kb",
      base: { intent: "miss", q: "nothing at all" },
      text: ["q"],
      who: ["newcomer"],
    },
    {
      path: "/kb/new",
      base: writeup,
      text: writeupText,
      who: ["newcomer"],
      strictIntent: false,
    },
    {
      path: `/kb/${f.published}/edit`,
      base: { ...writeup, title: "Edited by the lead" },
      text: writeupText,
      who: ["lead"],
      others: ["newcomer"],
      strictIntent: false,
    },
    {
      path: `/kb/${f.published}`,
      base: { intent: "flag", note: "Out of date" },
      text: ["note"],
      who: ["newcomer"],
    },
    {
      path: `/kb/${f.published}`,
      base: { intent: "vote", helpful: "yes" },
      text: ["helpful"],
      who: ["mentor"],
    },
    {
      path: `/kb/${f.othersDraft}`,
      base: { intent: "publish" },
      who: [],
      others: ["newcomer"],
    },
    {
      path: "/kb/review",
      base: { intent: "resolve", flagId: String(f.flag) },
      ids: ["flagId"],
      who: ["mentor"],
      others: ["newcomer"],
    },
    {
      path: "/kb/review",
      base: { intent: "still-correct", writeupId: "99999" },
      ids: ["writeupId"],
      who: ["lead"],
    },
    {
      path: "/kb/gaps",
      base: { query: f.gap, component: "billing" },
      text: ["query", "component"],
      who: ["lead"],
      others: ["mentor", "newcomer"],
    },
    {
      path: "/tracks",
      base: {
        intent: "add",
        baseVersion: String(f.trackVersion),
        "new.title": "Hostile step",
        "new.guide": "Guide",
        "checkpoints[0].title": "Reproduce",
        "checkpoints[99].key": "x",
      },
      text: ["new.title", "new.guide", "checkpoints[0].title", "checkpoints[99].key"],
      ids: ["baseVersion"],
      who: ["lead"],
      others: ["mentor", "newcomer"],
    },
    {
      path: "/tickets/import",
      base: { intent: "apply", batch: "00000000-0000-4000-8000-000000000000" },
      ids: ["batch"],
      who: ["mentor"],
      others: ["newcomer"],
    },
    {
      path: "/kb/import",
      base: { intent: "apply", batch: "00000000-0000-4000-8000-000000000000" },
      ids: ["batch"],
      who: ["lead"],
      others: ["newcomer"],
    },
  ];
}

describe("hostile input", () => {
  beforeAll(async () => {
    f = await fixtures();
  });

  it("form actions answer 4xx or a page, never 5xx, and store nothing when they refuse", async () => {
    const cases = actions().flatMap(battery);
    expect(await run(cases)).toEqual([]);
  }, 120_000);

  it("forged ids of other users' records are refused and change nothing", async () => {
    const cases: Case[] = [
      // Someone else's assignment checkpoint, through one's own assignment and through theirs.
      ...["submit", "comment", "stuck"].map(
        (intent): Case => ({
          who: "newcomer",
          path: `/assignments/${f.own}`,
          form: { intent, checkpointId: String(f.neitherCheckpoint), notes: "x", body: "x" },
          refuse: true,
        }),
      ),
      ...["approve", "request_changes", "comment"].map(
        (intent): Case => ({
          who: "mentor",
          path: `/assignments/${f.mentee}`,
          form: { intent, checkpointId: String(f.neitherCheckpoint), comment: "x", body: "x" },
          refuse: true,
        }),
      ),
      {
        who: "mentor",
        path: `/assignments/${f.neither}`,
        form: { intent: "approve", checkpointId: String(f.neitherCheckpoint) },
        refuse: true,
      },
      { who: "mentor", path: `/assignments/${f.own}`, form: { intent: "wad" }, refuse: true },
      // Someone else's notification, API token, invite, draft and claim.
      {
        who: "newcomer",
        path: "/inbox",
        form: { intent: "read", notificationId: String(f.othersNotification) },
        refuse: true,
      },
      {
        who: "newcomer",
        path: "/settings/tokens",
        form: { intent: "revoke", tokenId: String(f.tomasTokenId) },
        refuse: true,
      },
      {
        who: "lead",
        path: "/settings/tokens",
        form: { intent: "revoke", tokenId: String(f.tomasTokenId) },
        refuse: true,
      },
      {
        who: "mentor",
        path: "/team",
        form: { intent: "revoke", inviteId: String(f.inviteId) },
        refuse: true,
      },
      {
        who: "newcomer",
        path: `/kb/${f.othersDraft}/edit`,
        form: { intent: "publish", title: "hijack", resolution: "fixed" },
        refuse: true,
      },
      {
        who: "newcomer",
        path: `/tickets/${f.neitherTicket}`,
        form: { intent: "release" },
        refuse: true,
      },
      { who: "lead", path: "/team/99999", form: { intent: "status", status: "deactivated" } },
      { who: "lead", path: "/tickets/99999/edit", form: { title: "x" }, refuse: true },
    ];
    expect(await run(cases)).toEqual([]);
    const token = await server.db
      .selectFrom("api_tokens")
      .select("revoked_at")
      .where("id", "=", f.tomasTokenId)
      .executeTakeFirstOrThrow();
    expect(token.revoked_at).toBeNull();
  });

  it("resource routes and pages with hostile query strings and path parameters", async () => {
    const cases: Case[] = [];
    // A lone surrogate cannot be encoded as UTF-8: send its raw (invalid) bytes instead.
    const q = (p: string) => {
      try {
        return encodeURIComponent(p);
      } catch {
        return `${encodeURIComponent(p.replace(/[\uD800-\uDFFF]/g, ""))}%ED%A0%80`;
      }
    };
    for (const p of [...PAYLOADS, "x".repeat(8000)]) {
      cases.push(
        { who: "anonymous", path: `/healthz?${q(p)}=${q(p)}` },
        { who: "newcomer", path: `/kb/related?q=${q(p)}` },
        { who: "newcomer", path: `/kb/export?format=${q(p)}` },
        { who: "newcomer", path: `/kb?q=${q(p)}&component=${q(p)}&tag=${q(p)}` },
        {
          who: "mentor",
          path: `/kb?resolution=${q(p)}&verified=${q(p)}&author=${q(p)}&from=${q(p)}&to=${q(p)}`,
        },
        {
          who: "mentor",
          path: `/tickets?q=${q(p)}&component=${q(p)}&label=${q(p)}&difficulty=${q(p)}&status=${q(p)}&sort=${q(p)}&page=${q(p)}&starter=${q(p)}`,
        },
        { who: "lead", path: `/cohorts?cohort=${q(p)}` },
        { who: "lead", path: `/kb/toil?component=${q(p)}` },
        { who: "lead", path: `/mentoring?page=${q(p)}&reviews=${q(p)}&handedOver=${q(p)}` },
        { who: "lead", path: `/team?q=${q(p)}&page=${q(p)}` },
        { who: "mentor", path: `/tickets/import?progress=${q(p)}` },
        { who: "anonymous", path: `/login?redirectTo=${q(p)}&loggedOut=${q(p)}` },
        { who: "lead", path: `/tickets/${q(p)}` },
        { who: "lead", path: `/tickets/${q(p)}/edit` },
        { who: "lead", path: `/kb/${q(p)}` },
        { who: "lead", path: `/kb/${q(p)}/edit` },
        { who: "lead", path: `/team/${q(p)}` },
        { who: "lead", path: `/assignments/${q(p)}` },
        { who: "anonymous", path: `/invite/${q(p)}` },
      );
      // Header values travel as bytes: send the UTF-8 of the payload as is (NUL cannot travel).
      const raw = Buffer.from(p.replaceAll("\u0000", ""), "utf8").toString("latin1");
      for (const auth of [`Bearer ${f.bearer}`, `Bearer ${raw}`, `Basic ${raw}`]) {
        cases.push({
          who: "anonymous",
          path: `/api/search?q=${q(p)}&limit=${q(p)}&component=${q(p)}`,
          headers: { Authorization: auth },
        });
      }
      cases.push({
        who: "anonymous",
        path: `/api/search?q=${q(p)}`,
        headers: { Authorization: `Bearer ${f.bearer}` },
      });
    }
    for (const bad of BAD_IDS.slice(0, -1)) {
      cases.push({
        who: "anonymous",
        path: `/api/search?q=invoice&limit=${encodeURIComponent(bad)}`,
        headers: { Authorization: `Bearer ${f.bearer}` },
      });
    }
    for (const auth of [
      "",
      "Bearer",
      "Bearer ",
      "Bearer koan_",
      `Bearer ${f.bearer} extra`,
      `bearer ${f.bearer}`,
      `Bearer ${f.bearer.toUpperCase()}`,
      `Bearer ${"koan_".padEnd(7000, "x")}`,
    ]) {
      cases.push({
        who: "anonymous",
        path: "/api/search?q=invoice",
        headers: { Authorization: auth },
      });
    }
    const api = { Authorization: `Bearer ${f.bearer}` };
    cases.push(
      { who: "anonymous", path: "/api/search", headers: api, refuse: true },
      { who: "anonymous", path: "/api/search?q=%20", headers: api, refuse: true },
      // Longer than a search reads: searched by its first 1,000 characters, as the page does.
      { who: "anonymous", path: `/api/search?q=${"x".repeat(1001)}`, headers: api },
      { who: "anonymous", path: "/api/search?q=a&q=b&limit=1&limit=99", headers: api },
      { who: "newcomer", path: "/kb/related?q=a&q=b" },
      { who: "newcomer", path: "/kb/export?format=json&format=zip" },
      { who: "newcomer", path: "/kb/related?q=%E0%A4%A" },
      { who: "newcomer", path: "/kb?q=%" },
    );
    // Wrong methods, on resource routes and on pages with and without an action.
    for (const path of [
      "/healthz",
      "/kb/related?q=x",
      "/kb/export",
      "/api/search?q=x",
      "/webhooks/github",
      "/",
      "/tickets",
      "/onboarding",
      "/mentoring",
      "/cohorts",
      "/kb/toil",
      "/team",
      "/kb/new",
      "/tickets/new",
      "/login",
      "/no/such/page",
    ]) {
      for (const method of ["PUT", "DELETE", "PATCH", "OPTIONS"]) {
        const who = path === "/login" ? "anonymous" : path === "/onboarding" ? "newcomer" : "lead";
        cases.push({ who, path, method, body: `intent=${SCRIPT}`, headers: api });
      }
      cases.push({ who: "mentor", path, method: "POST", form: { intent: SCRIPT } });
    }
    expect(await run(cases)).toEqual([]);
  }, 60_000);

  it("uploads: hostile files, names and multipart bodies", async () => {
    const upload = (
      path: string,
      file: { filename?: string; type?: string; data: string | Uint8Array },
      extra: { name: string; data: string; filename?: string }[] = [],
    ): Case => {
      const m = multipart([{ name: "file", ...file }, ...extra]);
      const label = `multipart file ${show(file.filename ?? "(no file name)")} of ${file.data.length} bytes${extra.length ? ` + ${extra.map((e) => e.name).join(", ")}` : ""}`;
      return { who: "mentor", path, body: m.body, headers: m.headers, label };
    };
    const deep = "[".repeat(200_000);
    const csv = (title: string) =>
      `title,body,component,labels,difficulty,external_id,url\n"${title.replace(/"/g, '""')}",body,billing,starter,1,hostile-${title.length},https://example.com/1\n`;
    const zipOf = (files: Record<string, string | Uint8Array>) =>
      zipSync(
        Object.fromEntries(
          Object.entries(files).map(([name, data]) => [
            name,
            typeof data === "string" ? strToU8(data) : data,
          ]),
        ),
      );
    const md = (title: string) =>
      `---\ntitle: ${title}\nresolution: fixed\ncomponent: billing\n---\n\n## Symptom\n\n${SCRIPT} ${IMG}\n`;
    const cases: Case[] = [];
    for (const path of ["/tickets/import", "/kb/import"]) {
      const files: { filename?: string; type?: string; data: string | Uint8Array }[] = [
        { filename: "../../etc/passwd.csv", type: "text/csv", data: csv(SCRIPT) },
        { filename: "..\\..\\windows\\win.ini.json", type: "application/json", data: "[]" },
        { filename: '"><img src=x onerror=alert(1)>.csv', type: "text/csv", data: csv(IMG) },
        { filename: `${SCRIPT}.json`, type: "application/json", data: `[{"title":"${IMG}"}]` },
        { filename: "nul\u0000.csv", type: "text/csv", data: "title\nnul\u0000byte\n" },
        { filename: "rtl\u202Evsc.exe", type: "application/octet-stream", data: "MZ\u0000\u0001" },
        { filename: "", data: "" },
        { filename: "empty.csv", type: "text/csv", data: "" },
        { filename: "bad.csv", type: "text/csv", data: 'title,body\n"unbalanced,body\n' },
        { filename: "bad.json", type: "application/json", data: '{"title": ' },
        { filename: "deep.json", type: "application/json", data: deep },
        { filename: "null.json", type: "application/json", data: "null" },
        {
          filename: "types.json",
          type: "application/json",
          data: JSON.stringify([
            { title: 5, body: {}, labels: "x", difficulty: "hard", url: "javascript:alert(1)" },
            { title: ["a"], symptom: 7, resolution: SCRIPT, tags: { a: 1 }, links: 5 },
            null,
            "string",
          ]),
        },
        {
          filename: "github.json",
          type: "application/json",
          data: JSON.stringify([
            { number: "1", title: SCRIPT, html_url: "javascript:alert(1)", labels: [7] },
          ]),
        },
        {
          filename: "sql.csv",
          type: "text/csv",
          data: csv("'; drop table users; --"),
        },
        { filename: "big.csv", type: "text/csv", data: csv(HUGE) },
        { filename: "emoji.json", type: "application/json", data: `[{"title":"${HUGE_EMOJI}"}]` },
        { filename: "too-big.csv", type: "text/csv", data: "x".repeat(10.5 * MB) },
        { filename: "garbage.zip", type: "application/zip", data: "PK\u0003\u0004garbage" },
        {
          filename: "../../hostile.zip",
          type: "application/zip",
          data: zipOf({
            "../../etc/passwd.md": md(SCRIPT),
            "/abs/path.md": md(IMG),
            "a/../../b.md": md("NEAR("),
            "nested.zip": zipOf({ "x.md": md("x") }),
            "bomb.md": new Uint8Array(64 * MB),
          }),
        },
      ];
      for (const file of files) cases.push(upload(path, file));
      cases.push(
        upload(path, { filename: "a.csv", type: "text/csv", data: csv("first") }, [
          { name: "file", filename: "b.json", data: "[]" },
          { name: "intent", data: "apply" },
          { name: "batch", data: SCRIPT },
        ]),
        // The file field as plain text, then bodies that are not multipart at all.
        { ...upload(path, { data: csv(SCRIPT) }), refuse: true },
      );
      for (const [type, body] of [
        ["multipart/form-data; boundary=xyz", "--abc\r\nContent-Disposition: form-data"],
        ["multipart/form-data; boundary=xyz", '--xyz\r\nContent-Disposition: form-data; name="f'],
        ["multipart/form-data", "--x--"],
        ["multipart/form-data; boundary=", ""],
        ["multipart/form-data; boundary=xyz", ""],
        ["application/json", '{"file": "x"'],
      ] as const) {
        cases.push({ who: "mentor", path, body, headers: { "Content-Type": type }, refuse: true });
      }
      const plain = upload(path, { filename: "x.csv", type: "text/csv", data: csv("x") });
      cases.push({ ...plain, who: "newcomer", refuse: true }, { ...plain, who: "anonymous" });
    }
    expect(await run(cases)).toEqual([]);

    // A preview is its author's: another user cannot import it by its id.
    const preview = upload("/tickets/import", {
      filename: "mine.csv",
      type: "text/csv",
      data: csv(`Mine ${SCRIPT}`),
    });
    const html = await (
      await browsers.mentor.request(preview.path, {
        method: "POST",
        body: preview.body,
        headers: preview.headers,
      })
    ).text();
    casesRun++;
    const batch = /name="batch" value="([0-9a-f-]{36})"/.exec(html)?.[1];
    expect(batch).toBeTruthy();
    const forged: Case[] = [
      { who: "lead", path: "/tickets/import", form: { intent: "apply", batch: batch ?? "" } },
      { who: "lead", path: "/kb/import", form: { intent: "apply", batch: batch ?? "" } },
      { who: "lead", path: `/tickets/import?progress=${batch}` },
    ];
    expect(await run(forged.map((c) => ({ ...c, refuse: c.form !== undefined })))).toEqual([]);
    expect(
      await run([
        { who: "mentor", path: "/tickets/import", form: { intent: "apply", batch: batch ?? "" } },
      ]),
    ).toEqual([]);
  }, 60_000);

  it("the GitHub webhook: bad signatures, bad JSON, bad payloads", async () => {
    const issue = (overrides: Record<string, unknown> = {}, issueOverrides = {}) => ({
      action: "opened",
      issue: {
        number: 4242,
        title: `Webhook ${SCRIPT}`,
        body: IMG,
        html_url: "https://github.com/koan-org/app/issues/4242",
        state: "open",
        labels: [{ name: "good first issue" }, { name: `component: ${SCRIPT}` }],
        user: { login: "octocat" },
        ...issueOverrides,
      },
      repository: { name: "app", full_name: "koan-org/app" },
      ...overrides,
    });
    let delivery = 0;
    const hook = (
      raw: string,
      options: {
        signature?: string | null;
        event?: string | null;
        type?: string;
        delivery?: string;
        refuse?: boolean;
      } = {},
    ): Case => {
      const headers: Record<string, string> = {
        "Content-Type": options.type ?? "application/json",
        "X-GitHub-Delivery": options.delivery ?? `hostile-${++delivery}`,
      };
      const signature =
        options.signature === undefined ? signGithubPayload(SECRET, raw) : options.signature;
      if (signature !== null) headers["X-Hub-Signature-256"] = signature;
      if (options.event !== null) headers["X-GitHub-Event"] = options.event ?? "issues";
      return {
        who: "anonymous",
        path: "/webhooks/github",
        body: raw,
        headers,
        refuse: options.refuse,
      };
    };
    const good = JSON.stringify(issue());
    const cases: Case[] = [
      hook(good, { signature: null, refuse: true }),
      hook(good, { signature: "sha256=", refuse: true }),
      hook(good, { signature: `sha256=${"zz".repeat(32)}`, refuse: true }),
      hook(good, { signature: signGithubPayload("wrong-secret-wrong-secret", good), refuse: true }),
      hook(good, { signature: signGithubPayload(SECRET, `${good} `), refuse: true }),
      hook(good, { signature: `sha1=${"0".repeat(40)}`, refuse: true }),
      hook(good, { event: null, refuse: true }),
      hook(good, { delivery: "", refuse: true }),
      hook(good, { delivery: "x".repeat(201), refuse: true }),
      hook(good, { event: SCRIPT }),
      hook(good, { event: "ping" }),
      hook(good, { type: "text/plain" }),
      hook(`payload=${encodeURIComponent(good)}`, { type: "application/x-www-form-urlencoded" }),
      hook("payload=%7B%22action%22", { type: "application/x-www-form-urlencoded", refuse: true }),
      hook("nopayload=1", { type: "application/x-www-form-urlencoded", refuse: true }),
      hook(good.replace("4242", "4243"), { type: "multipart/form-data; boundary=x" }),
      ...['{"action":', "[]", "null", '"string"', "123", "", "\u0000", "[".repeat(200_000)].map(
        (raw) => hook(raw, { refuse: true }),
      ),
      ...[
        issue({ action: 7 }),
        issue({ action: "x".repeat(101) }),
        issue({ repository: null }),
        issue({ repository: { name: "", full_name: SCRIPT } }),
        issue({ issue: "x" }),
        issue({}, { number: "1" }),
        issue({}, { number: -1 }),
        issue({}, { number: 1.5 }),
        issue({}, { title: 7 }),
        issue({}, { html_url: "javascript:alert(1)" }),
        issue({}, { html_url: `https://example.com/${"x".repeat(2000)}` }),
        issue({}, { labels: "good first issue" }),
        issue({}, { labels: [{ name: 7 }] }),
        issue({}, { user: { login: "x".repeat(201) } }),
      ].map((payload) => hook(JSON.stringify(payload), { refuse: true })),
      hook('{"action":"opened","issue":{"number":1e400}}', { refuse: true }),
      // Accepted, and must be stored and shown safely.
      hook(good),
      hook(good, { delivery: `hostile-${delivery}` }),
      hook(JSON.stringify(issue({}, { number: 4244, title: HUGE, body: HUGE_EMOJI }))),
      hook(JSON.stringify(issue({}, { number: 4245, title: "\u202E\u200B\u0000", body: null }))),
      hook(JSON.stringify(issue({ action: "deleted" }, { number: 999_999 }))),
      hook(JSON.stringify(issue({ repository: { name: "!!!", full_name: `${SCRIPT}/x` } }))),
      hook(JSON.stringify(issue({}, { number: Number.MAX_SAFE_INTEGER + 2 }))),
      hook(JSON.stringify({ ...issue(), extra: "x".repeat(4 * MB) })),
    ];
    for (const method of ["GET", "PUT", "DELETE", "PATCH"]) {
      cases.push({
        ...hook(good),
        method,
        body: method === "GET" ? undefined : good,
        refuse: true,
      });
    }
    expect(await run(cases)).toEqual([]);
  }, 60_000);

  it("pages showing what was stored render it escaped", async () => {
    const db = server.db;
    const tickets = await db
      .selectFrom("tickets")
      .select("id")
      .where((eb) => eb.or([eb("title", "like", "%<script>%"), eb("body", "like", "%<img%")]))
      .limit(10)
      .execute();
    const writeups = await db
      .selectFrom("writeups")
      .select("id")
      .where("title", "like", "%<script>%")
      .limit(10)
      .execute();
    const guest = await db
      .selectFrom("users")
      .select("id")
      .where("email", "=", "hostile-guest@koan.test")
      .executeTakeFirst();
    const paths = [
      "/tickets",
      "/tickets?q=alert",
      "/kb",
      "/kb?q=alert",
      "/kb/toil",
      "/kb/review",
      "/kb/gaps",
      "/team",
      "/tracks",
      "/inbox",
      "/mentoring",
      "/cohorts",
      "/settings/tokens",
      `/assignments/${f.own}`,
      `/assignments/${f.mentee}`,
      `/kb/${f.published}`,
      ...(guest ? [`/team/${guest.id}`] : []),
      ...tickets.flatMap((t) => [`/tickets/${t.id}`, `/tickets/${t.id}/edit`]),
      ...writeups.flatMap((w) => [`/kb/${w.id}`, `/kb/${w.id}/edit`]),
    ];
    const cases: Case[] = [];
    for (const who of ["lead", "mentor", "newcomer"] as const)
      for (const path of paths) cases.push({ who, path });
    cases.push({ who: "newcomer", path: "/onboarding" });
    expect(await run(cases)).toEqual([]);
  }, 60_000);

  it("a request answered before its body is read leaves the keep-alive connection usable", async () => {
    // Two requests on one connection: a 1 MB form to /logout (whose action never reads it), then
    // GET /healthz. The second must be answered.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const send = (method: string, path: string, body?: string) =>
      new Promise<number>((resolve, reject) => {
        const request = http.request(
          `${server.url}${path}`,
          {
            method,
            agent,
            headers: body ? { "Content-Type": "application/x-www-form-urlencoded" } : {},
            timeout: REQUEST_TIMEOUT_MS,
          },
          (response) => {
            response.resume();
            response.on("end", () => resolve(response.statusCode ?? 0));
          },
        );
        request.on("timeout", () => request.destroy(new Error(`${method} ${path}: no answer`)));
        request.on("error", reject);
        request.end(body);
      });
    try {
      expect(await send("POST", "/logout", `x=${HUGE}`)).toBe(302);
      casesRun++;
      await expect(send("GET", "/healthz")).resolves.toBe(200);
      casesRun++;
    } finally {
      agent.destroy();
    }
  }, 30_000);

  it("phrase floods in the search box and the related-write-ups lookup answer, and /healthz stays quick", async () => {
    // Issue 12 item 1: 166 copies of one quoted phrase froze the server for 88 s at 100,000
    // write-ups (the engine's own bound is tested at that size in tests/domain/search-bound).
    const flood = Array.from({ length: 166 }, () => '"1 2"').join(" ");
    const different = Array.from({ length: 110 }, (_, i) => `"${i} ${i + 1}"`).join(" ");
    let slowestHealth = 0;
    let searching = true;
    const health = (async () => {
      while (searching) {
        const started = performance.now();
        const response = await fetch(`${server.url}/healthz`);
        await response.arrayBuffer();
        slowestHealth = Math.max(slowestHealth, performance.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    try {
      for (const q of [flood, different, `${flood} ${different}`]) {
        const page = await browsers.newcomer.get(`/kb?q=${encodeURIComponent(q.slice(0, 1000))}`);
        expect(page.status).toBe(200);
        await page.arrayBuffer();
        const related = await browsers.mentor.get(
          `/kb/related?q=${encodeURIComponent(q.slice(0, 1000))}`,
        );
        expect(related.status).toBeLessThan(500);
        await related.arrayBuffer();
        casesRun += 2;
      }
    } finally {
      searching = false;
      await health;
    }
    expect(slowestHealth).toBeLessThan(2_000);
  }, 60_000);

  it("chunked bodies past the size limit are refused with 413 at every door, never read whole", async () => {
    // Issue 12 item 3: the limit read only Content-Length, so a Transfer-Encoding: chunked body
    // of 300 MB was read whole (RSS 164 → 1,326 MB). Anonymous doors and signed-in forms alike.
    const doors: { path: string; cookie?: string }[] = [
      { path: "/login" },
      { path: "/webhooks/github" },
      { path: "/invite/not-a-token" },
      { path: "/reset/not-a-token" },
      { path: "/tickets/import", cookie: browsers.mentor.cookie },
      { path: "/kb/import", cookie: browsers.lead.cookie },
      { path: "/settings", cookie: browsers.newcomer.cookie },
      { path: "/tickets/new", cookie: browsers.lead.cookie },
    ];
    for (const door of doors) {
      const answer = await sendChunked(server.url, {
        path: door.path,
        totalBytes: 256 * 1024 * 1024,
        headers: {
          "Content-Type": "application/x-www-form-urlencoded",
          Origin: server.url,
          ...(door.cookie ? { Cookie: door.cookie } : {}),
        },
      });
      // Answered before the end of the body: the sender stops at 48 MB and waits without ending
      // it, so a server that read bodies whole would not answer at all (status 0).
      expect({ door: door.path, status: answer.status }).toEqual({ door: door.path, status: 413 });
      casesRun++;
    }
    await expect(fetch(`${server.url}/healthz`).then((r) => r.status)).resolves.toBe(200);
  }, 60_000);

  it("control characters and off-site tricks in every redirect parameter go home, never a 5xx", async () => {
    // Issue 12 item 9: /login?redirectTo=/%09/evil.example sent Chromium off-site; a CR or LF
    // gave a 500 and an orphan session. Every parameter that picks where to go next is tried.
    const hostile = [
      "/\t/evil.example/phish",
      "/\t\\evil.example",
      "/\r\nSet-Cookie: a=b",
      "/kb\r\nLocation: https://evil.example",
      "/\u0000/evil.example",
      "/\u007f/evil.example",
      "//evil.example",
      "/\\evil.example",
      "https://evil.example",
      "javascript:alert(1)",
      "/%09/evil.example",
      "/%0d%0a/evil.example",
      "\u2028/evil.example",
    ];
    // One leading "/", then not "/" or "\\", and no control character anywhere.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the point of the check
    const SAFE = /^\/(?![/\\])[^\u0000-\u001f\u007f]*$/;
    const safe = (location: string | null) => SAFE.test(location ?? "");
    for (const value of hostile) {
      // Signed in: the login page sends you on at once.
      const page = await browsers.newcomer.get(`/login?redirectTo=${encodeURIComponent(value)}`);
      expect(page.status, value).toBeLessThan(500);
      if (page.status >= 300 && page.status < 400)
        expect(safe(page.headers.get("location")), value).toBe(true);
      casesRun++;
      // Logging in with the parameter in the form.
      const fresh = new Browser(server.url);
      const login = await fresh.post("/login", {
        email: "ana@koan.test",
        password: DEMO_PASSWORD,
        redirectTo: value,
      });
      expect(login.status, value).toBeLessThan(500);
      if (login.status >= 300 && login.status < 400)
        expect(safe(login.headers.get("location")), value).toBe(true);
      casesRun++;
      // Single sign-on's start takes one too (not configured here: refused, never a 5xx).
      const sso = await fresh.post("/auth/oidc", { redirectTo: value });
      expect(sso.status, value).toBeLessThan(500);
      casesRun++;
    }
  }, 60_000);

  it("log-out and log-out-everywhere take hostile bodies too (last: they end sessions)", async () => {
    const cases: Case[] = [];
    for (const path of ["/logout", "/settings"]) {
      for (const form of [{}, { intent: SCRIPT }, { [SCRIPT]: HUGE }] as Form[]) {
        const browser = new Browser(server.url);
        await browser.login("ana@koan.test", DEMO_PASSWORD);
        cases.push({ who: "newcomer", path, form, browser });
      }
      cases.push({
        who: "anonymous",
        path,
        body: "--x\r\n",
        headers: { "Content-Type": "multipart/form-data; boundary=y" },
      });
    }
    for (const who of ["lead", "mentor", "newcomer"] as const) {
      cases.push({ who, path: "/logout", form: { intent: IMG } });
      cases.push({ who, path: "/settings", method: "PUT", form: { x: SCRIPT } });
    }
    const problems = (await run(cases)).filter((p) => !p.endsWith("(the session ended)"));
    expect(problems).toEqual([]);
    expect(server.output()).not.toContain("unexpected error");
  }, 60_000);
});
