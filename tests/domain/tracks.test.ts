import fs from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DB } from "#db/client";
import { translate } from "~/lib/i18n/catalogs.server";
import { claimTicket } from "~/mentoring/claims.server";
import {
  type CheckpointDraft,
  currentTrackVersionId,
  getTrackForEditing,
  listTrackCheckpoints,
  type SaveTrackResult,
  saveTrackVersion,
  slugKey,
} from "~/mentoring/tracks.server";
import { createTicket } from "~/tickets/tickets.server";
import { buildTestUser } from "../../seeds/builders";
import { createTestDatabase, type TestDatabase, tempDir } from "../support/db";
import { callRoute } from "../support/route";

const V1_TITLES = [
  "Reproduce the bug",
  "Find the code",
  "Root cause",
  "Failing test",
  "Fix and review",
  "Ship and verify",
  "Write-up",
];
const V1_KEYS = ["reproduce", "locate", "root_cause", "failing_test", "fix", "ship", "writeup"];

/** The current version's checkpoints as drafts, ready to edit. */
async function currentDrafts(db: DB): Promise<CheckpointDraft[]> {
  const rows = await listTrackCheckpoints(db, await currentTrackVersionId(db));
  return rows.map((c) => ({
    key: c.key,
    title: c.title,
    guide: c.guide,
    needsSignoff: c.needs_signoff === 1,
  }));
}

function issuesOf(result: SaveTrackResult) {
  if (result.ok || result.reason !== "invalid")
    throw new Error(`expected invalid: ${JSON.stringify(result)}`);
  // Messages are keys (k()); check them as an English reader sees them.
  return result.issues.map((issue) => ({ ...issue, message: translate("en").msg(issue.message) }));
}

async function assignmentSteps(db: DB, assignmentId: number) {
  return db
    .selectFrom("assignment_checkpoints as ac")
    .innerJoin("track_checkpoints as tc", "tc.id", "ac.track_checkpoint_id")
    .select(["tc.track_version_id", "tc.key", "tc.title", "tc.needs_signoff"])
    .where("ac.assignment_id", "=", assignmentId)
    .orderBy("tc.position")
    .execute();
}

describe("the checkpoint track, versioned", () => {
  let t: TestDatabase;
  let lead: number;
  let mentor: number;

  beforeEach(async () => {
    t = await createTestDatabase();
    lead = await buildTestUser(t.db, "lead", { name: "Seo-yeon Park" });
    mentor = await buildTestUser(t.db, "mentor", { capacity: 5, components: ["billing"] });
  });
  afterEach(async () => {
    await t.close();
  });

  async function claimNew(name: string) {
    const newcomer = await buildTestUser(t.db, "newcomer", { name });
    const ticketId = await createTicket(t.db, {
      actorId: lead,
      ticket: {
        title: `Rounding error for ${name}`,
        body: "",
        component: "billing",
        labels: ["starter"],
        difficulty: 1,
        starter: true,
      },
    });
    const claim = await claimTicket(t.db, {
      ticketId,
      newcomerId: newcomer,
      mentorId: mentor,
      defaultLimit: 1,
    });
    if (!claim.ok) throw new Error(`claim failed: ${claim.reason}`);
    return claim.assignmentId;
  }

  it("an assignment claimed before an edit keeps its version-1 checkpoints; a new claim gets version 2", async () => {
    const before = await claimNew("Ana");
    const drafts = await currentDrafts(t.db);
    const edited: CheckpointDraft[] = [
      ...drafts
        .filter((c) => c.key !== "ship")
        .map((c) => (c.key === "reproduce" ? { ...c, title: "Reproduce it" } : c)),
      { title: "Tell the reporter", guide: "Close the loop.", needsSignoff: false },
    ];
    const saved = await saveTrackVersion(t.db, { actorId: lead, checkpoints: edited });
    expect(saved).toMatchObject({ ok: true, version: 2 });

    const old = await assignmentSteps(t.db, before);
    expect(old.map((s) => s.track_version_id)).toEqual(V1_TITLES.map(() => 1));
    expect(old.map((s) => s.title)).toEqual(V1_TITLES);
    expect(old.map((s) => s.key)).toEqual(V1_KEYS);

    const after = await claimNew("Leo");
    const fresh = await assignmentSteps(t.db, after);
    const v2 = saved.ok ? saved.trackVersionId : -1;
    expect(fresh.map((s) => s.track_version_id)).toEqual(fresh.map(() => v2));
    expect(fresh.map((s) => s.title)).toEqual([
      "Reproduce it",
      "Find the code",
      "Root cause",
      "Failing test",
      "Fix and review",
      "Write-up",
      "Tell the reporter",
    ]);
    // A renamed checkpoint keeps its key; a new one gets a key from its title.
    expect(fresh.map((s) => s.key)).toEqual([
      "reproduce",
      "locate",
      "root_cause",
      "failing_test",
      "fix",
      "writeup",
      "tell_the_reporter",
    ]);
    expect(fresh.at(-1)?.needs_signoff).toBe(0);

    // Version 1 itself never changed.
    expect((await listTrackCheckpoints(t.db, 1)).map((c) => c.title)).toEqual(V1_TITLES);

    const track = await getTrackForEditing(t.db);
    expect(track).toMatchObject({ version: 2, olderActiveAssignments: 1 });
    expect(track?.checkpoints).toHaveLength(7);
    expect(track?.history).toEqual([
      {
        version: 2,
        createdAt: expect.any(String),
        creatorName: "Seo-yeon Park",
        checkpointCount: 7,
      },
      { version: 1, createdAt: expect.any(String), creatorName: null, checkpointCount: 7 },
    ]);
    const audit = await t.db
      .selectFrom("audit_events")
      .select(["action", "data"])
      .where("action", "=", "track.version_saved")
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.data)).toMatchObject({
      version: 2,
      added: ["tell_the_reporter"],
      retired: ["ship"],
    });
  });

  it("reorders checkpoints; each save is the next version", async () => {
    const drafts = await currentDrafts(t.db);
    const [reproduce, locate, rootCause, failingTest, ...rest] = drafts;
    const reordered = [reproduce, failingTest, locate, rootCause, ...rest].filter(
      (c): c is CheckpointDraft => c !== undefined,
    );
    expect(await saveTrackVersion(t.db, { actorId: lead, checkpoints: reordered })).toMatchObject({
      ok: true,
      version: 2,
    });
    expect((await getTrackForEditing(t.db))?.checkpoints.map((c) => c.key)).toEqual([
      "reproduce",
      "failing_test",
      "locate",
      "root_cause",
      "fix",
      "ship",
      "writeup",
    ]);
    const positions = await listTrackCheckpoints(t.db, await currentTrackVersionId(t.db));
    expect(positions.map((c) => c.position)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const back = await saveTrackVersion(t.db, {
      actorId: lead,
      checkpoints: drafts,
      baseVersion: 2,
    });
    expect(back).toMatchObject({ ok: true, version: 3 });
  });

  it("refuses to retire Root cause or Write-up, even renamed, and writes nothing", async () => {
    const drafts = (await currentDrafts(t.db)).map((c) =>
      c.key === "writeup" ? { ...c, title: "Leave a map" } : c,
    );
    const withoutRootCause = drafts.filter((c) => c.key !== "root_cause");
    const issues = issuesOf(
      await saveTrackVersion(t.db, { actorId: lead, checkpoints: withoutRootCause }),
    );
    expect(issues).toEqual([
      expect.objectContaining({
        index: null,
        key: "root_cause",
        message: expect.stringContaining("“Root cause” can't be retired"),
      }),
    ]);
    const withoutWriteup = drafts.filter((c) => c.key !== "writeup");
    expect(
      issuesOf(await saveTrackVersion(t.db, { actorId: lead, checkpoints: withoutWriteup })),
    ).toEqual([expect.objectContaining({ key: "writeup" })]);
    // Keeping the key under a new title is how a protected step is renamed: that works.
    expect(await saveTrackVersion(t.db, { actorId: lead, checkpoints: drafts })).toMatchObject({
      ok: true,
    });
    const version = await t.db
      .selectFrom("track_versions")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(version.n)).toBe(2);
  });

  it("validates titles, guides, the number of checkpoints, sign-off and order", async () => {
    const drafts = await currentDrafts(t.db);
    const save = (checkpoints: CheckpointDraft[]) =>
      saveTrackVersion(t.db, { actorId: lead, checkpoints });

    expect(issuesOf(await save([]))).toContainEqual(
      expect.objectContaining({ index: null, message: "A track needs at least one checkpoint." }),
    );
    const many = Array.from({ length: 9 }, (_, i) => ({
      title: `Extra ${i}`,
      guide: "",
      needsSignoff: false,
    }));
    expect(issuesOf(await save([...drafts, ...many]))).toContainEqual(
      expect.objectContaining({ index: null, message: expect.stringContaining("at most 15") }),
    );

    const bad = drafts.map((c, i) => {
      if (i === 1) return { ...c, title: "   " };
      if (i === 3) return { ...c, title: "x".repeat(81) };
      if (i === 4) return { ...c, guide: "y".repeat(5001) };
      if (i === 5) return { ...c, title: "ROOT CAUSE" };
      return c;
    });
    const issues = issuesOf(await save(bad));
    expect(issues).toEqual(
      expect.arrayContaining([
        { index: 1, field: "title", message: "Give the checkpoint a title." },
        { index: 3, field: "title", message: "Keep the title to 80 characters or fewer." },
        { index: 4, field: "guide", message: "Keep the guide to 5,000 characters or fewer." },
        {
          index: 5,
          field: "title",
          message: "Another checkpoint is already called “ROOT CAUSE”: titles must be unique.",
        },
      ]),
    );

    const noSignoff = drafts.map((c) => ({ ...c, needsSignoff: false }));
    expect(issuesOf(await save(noSignoff))).toEqual([
      expect.objectContaining({ index: null, message: expect.stringContaining("sign-off") }),
    ]);

    const writeupFirst = [
      ...drafts.filter((c) => c.key === "writeup"),
      ...drafts.filter((c) => c.key !== "writeup"),
    ];
    expect(issuesOf(await save(writeupFirst))).toEqual([
      expect.objectContaining({ message: expect.stringContaining("must come before") }),
    ]);

    const foreignKey = [
      ...drafts,
      { key: "not_a_step", title: "Sneaky", guide: "", needsSignoff: true },
    ];
    expect(issuesOf(await save(foreignKey))).toEqual([
      expect.objectContaining({ index: 7, field: "key" }),
    ]);

    // Exactly at the limits is fine; Windows line breaks are stored as \n and not counted twice.
    const atLimits = drafts.map((c, i) =>
      i === 0 ? { ...c, title: "t".repeat(80), guide: "line\r\n".repeat(833) } : c,
    );
    expect(await save(atLimits)).toMatchObject({ ok: true, version: 2 });
    const first = (await listTrackCheckpoints(t.db, await currentTrackVersionId(t.db)))[0];
    expect(first?.guide).not.toContain("\r");
  });

  it("new keys are unique across the track's history, whatever the title's script", async () => {
    const drafts = await currentDrafts(t.db);
    await saveTrackVersion(t.db, {
      actorId: lead,
      checkpoints: drafts.filter((c) => c.key !== "ship"),
    });
    const saved = await saveTrackVersion(t.db, {
      actorId: lead,
      checkpoints: [
        ...(await currentDrafts(t.db)),
        { title: "Ship", guide: "", needsSignoff: false },
        { title: "Pair up!", guide: "", needsSignoff: false },
        { title: "Pair up?", guide: "", needsSignoff: false },
        { title: "재현하기", guide: "", needsSignoff: false },
      ],
    });
    expect(saved).toMatchObject({ ok: true, version: 3 });
    const keys = (await getTrackForEditing(t.db))?.checkpoints.map((c) => c.key);
    expect(keys?.slice(6)).toEqual(["ship_2", "pair_up", "pair_up_2", "step"]);
    expect(slugKey("Café — déjà vu")).toBe("cafe_deja_vu");
  });

  it("refuses a save based on an older version, and a save that changes nothing", async () => {
    const drafts = await currentDrafts(t.db);
    const renamed = drafts.map((c, i) => (i === 0 ? { ...c, title: "Reproduce" } : c));
    expect(
      await saveTrackVersion(t.db, { actorId: lead, baseVersion: 1, checkpoints: renamed }),
    ).toMatchObject({ ok: true, version: 2 });
    expect(
      await saveTrackVersion(t.db, { actorId: lead, baseVersion: 1, checkpoints: drafts }),
    ).toEqual({ ok: false, reason: "stale", currentVersion: 2 });
    expect(
      await saveTrackVersion(t.db, { actorId: lead, baseVersion: 2, checkpoints: renamed }),
    ).toEqual({ ok: false, reason: "unchanged", currentVersion: 2 });
  });
});

// The route, called as Remix calls it: role checks on the server, the form parser, errors at the
// field with the input kept.
describe("/tracks", () => {
  type Route = typeof import("~/routes/tracks");
  let route: Route;
  let dir: string;
  let db: DB;
  const cookies: Record<string, string> = {};

  beforeAll(async () => {
    dir = tempDir("koan-tracks-route-");
    process.env.DATABASE_PATH = path.join(dir, "koan.db");
    const client = await import("#db/client");
    db = client.getDatabase().db;
    await client.migrateToLatest(db);
    route = await import("~/routes/tracks");
    const { createSession } = await import("~/auth/sessions.server");
    const { sessionCookie } = await import("~/auth/current-user.server");
    for (const role of ["newcomer", "mentor", "lead"] as const) {
      const userId = await buildTestUser(db, role);
      const { token } = await createSession(db, { userId }, { idleDays: 7, maxDays: 30 });
      cookies[role] = (await sessionCookie().serialize(token)).split(";")[0] ?? "";
    }
  });
  afterAll(async () => {
    const client = await import("#db/client");
    client.closeSharedDatabase();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function request(who: string, form?: Record<string, string>) {
    const headers = new Headers();
    if (cookies[who]) headers.set("Cookie", cookies[who]);
    return new Request("http://localhost/tracks", {
      method: form ? "POST" : "GET",
      headers,
      body: form ? new URLSearchParams(form) : undefined,
    });
  }

  /** The page's form as the browser would send it, with `changes` applied. */
  async function pageForm(changes: Record<string, string | null> = {}) {
    const page = await callRoute(route.loader, request("lead"));
    const { track } = page.body as Awaited<ReturnType<Route["loader"]>>;
    const form: Record<string, string> = { baseVersion: String(track.version) };
    track.checkpoints.forEach((c, i) => {
      form[`checkpoints[${i}].key`] = c.key;
      form[`checkpoints[${i}].title`] = c.title;
      form[`checkpoints[${i}].guide`] = c.guide;
      if (c.needsSignoff) form[`checkpoints[${i}].needsSignoff`] = "on";
    });
    form["new.title"] = "";
    form["new.guide"] = "";
    for (const [name, value] of Object.entries(changes)) {
      if (value === null) delete form[name];
      else form[name] = value;
    }
    return form;
  }

  it("is for leads only (GET and POST)", async () => {
    expect(await callRoute(route.loader, request("anonymous"))).toMatchObject({
      status: 302,
      location: "/login?redirectTo=%2Ftracks",
    });
    for (const who of ["newcomer", "mentor"]) {
      expect((await callRoute(route.loader, request(who))).status).toBe(403);
      expect((await callRoute(route.action, request(who, {}))).status).toBe(403);
    }
    expect((await callRoute(route.action, request("anonymous", {}))).status).toBe(302);
    const page = await callRoute(route.loader, request("lead"));
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ track: { version: 1 } });
    expect((await callRoute(route.action, request("lead", {}))).status).toBe(400);
  });

  it("moves, adds and previews without saving; saves as the next version", async () => {
    const moved = await callRoute(
      route.action,
      request("lead", { ...(await pageForm()), intent: "move:2:up" }),
    );
    expect(moved.status).toBe(200);
    const draft = (moved.body as { draft: { rows: { key: string }[] } }).draft;
    expect(draft.rows.map((r) => r.key).slice(0, 3)).toEqual(["reproduce", "root_cause", "locate"]);

    const added = await callRoute(
      route.action,
      request("lead", {
        ...(await pageForm({
          "new.title": "Pair with support",
          "new.guide": "**Shadow** a shift",
        })),
        intent: "add",
      }),
    );
    const addedDraft = (
      added.body as { draft: { rows: { title: string; key: string }[]; added: { title: string } } }
    ).draft;
    // Before the write-up, the fix's last step.
    expect(addedDraft.rows.at(-2)).toMatchObject({ title: "Pair with support", key: "" });
    expect(addedDraft.rows.at(-1)).toMatchObject({ key: "writeup" });
    expect(addedDraft.added.title).toBe("");

    const preview = await callRoute(
      route.action,
      request("lead", {
        ...(await pageForm({
          "checkpoints[0].guide": "<script>alert(1)</script>\n\n**Steps**",
        })),
        intent: "preview",
      }),
    );
    const shown = (preview.body as { draft: { rows: { previewHtml: string }[] } }).draft.rows[0];
    expect(shown?.previewHtml).toContain("<strong>Steps</strong>");
    expect(shown?.previewHtml).not.toContain("script");
    expect((await getTrackForEditing(db))?.version).toBe(1);

    const saved = await callRoute(
      route.action,
      request("lead", {
        ...(await pageForm({
          "checkpoints[0].title": "Reproduce it",
          "checkpoints[5].retire": "on",
          "new.title": "Pair with support",
        })),
        intent: "save",
      }),
    );
    expect(saved).toMatchObject({
      status: 200,
    });
    expect(translate("en").msg((saved.body as { message: string }).message)).toContain("version 2");
    const track = await getTrackForEditing(db);
    expect(track?.checkpoints.map((c) => c.title)).toEqual([
      "Reproduce it",
      "Find the code",
      "Root cause",
      "Failing test",
      "Fix and review",
      "Pair with support",
      "Write-up",
    ]);
  });

  it("answers 400 with errors at the field and the input kept", async () => {
    const failed = await callRoute(
      route.action,
      request("lead", {
        ...(await pageForm({
          "checkpoints[1].title": "",
          "checkpoints[3].title": "Root cause",
          "checkpoints[2].retire": "on",
          "new.guide": "A guide without a title",
        })),
        intent: "save",
      }),
    );
    expect(failed.status).toBe(400);
    const body = failed.body as {
      errors: Record<string, string>;
      draft: { rows: { title: string; retire: boolean }[]; added: { guide: string } };
    };
    const en = translate("en");
    expect(Object.fromEntries(Object.entries(body.errors).map(([f, m]) => [f, en.msg(m)]))).toEqual(
      {
        "checkpoints[1].title": "Give the checkpoint a title.",
        "checkpoints[2].retire": expect.stringContaining("can't be retired"),
        "new.title": "Give the checkpoint a title.",
      },
    );
    expect(body.draft.rows[3]?.title).toBe("Root cause");
    expect(body.draft.rows[2]?.retire).toBe(true);
    expect(body.draft.added.guide).toBe("A guide without a title");
    expect((await getTrackForEditing(db))?.version).toBe(2);
  });
});
