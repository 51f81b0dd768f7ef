import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { isEmpty, migrateToLatest } from "#db/client";
import { firstLeadSetupPath, openFirstLeadSetup } from "~/auth/first-lead.server";
import { appAttachmentStore } from "~/lib/attachment-files.server";
import { type Env, parseEnv } from "~/lib/env.server";
import { healthAnswer } from "~/lib/health.server";
import { logger } from "~/lib/logger.server";
import { configureOutbox } from "~/lib/outbox.server";
import { startOutboxWorker } from "~/lib/outbox-worker.server";
import { sweepAttachmentFiles } from "~/mentoring/attachments.server";
import { detectStuck } from "~/mentoring/checkpoints.server";
import { queueDailyDigests } from "~/mentoring/digest.server";
import { releaseStaleClaims } from "~/mentoring/idle-claims.server";
import { postDailyDigests } from "~/mentoring/inbox-digest.server";
import { endAssignmentOnStatus } from "~/mentoring/ticket-status.server";
import { githubSyncSettings, syncGithub } from "~/tickets/github-sync.server";
import { continueWithinBodyLimit, createServerApp } from "./app";

// The production server: checks the environment, migrates, seeds an empty database, serves.
// Bundled to build/server.js by `npm run build`.

let env: Env;
try {
  env = parseEnv();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
process.env.DATABASE_PATH = env.DATABASE_PATH;

const buildDir = path.dirname(fileURLToPath(import.meta.url));

// The same database, opened by the same factory, as the request handlers': start-up writes get
// the same full-disk answer and slow-query log. Imported once the environment is known good.
const { getAppDatabase } = await import("~/lib/db.server");
const { db, sqlite } = getAppDatabase(env);
let firstLeadToken: string | null = null;
try {
  await migrateToLatest(db);
  if (env.SEED_ON_EMPTY && (await isEmpty(db))) {
    // The demo organisation is loaded only to seed it (a chunk of its own in build/).
    const { seedDemo } = await import("../../seeds/demo");
    // The demo organisation's tickets and write-ups are not news for Slack or anyone's mail.
    configureOutbox({ email: false, slack: false, origin: "" });
    await seedDemo(db);
    configureOutbox(undefined);
    logger.info("seeded the demo organisation into an empty database", {
      database: env.DATABASE_PATH,
    });
  }
  // Nobody has an account (SEED_ON_EMPTY=false): the first lead's one-time link, logged below.
  firstLeadToken = await openFirstLeadSetup(db);
  // Files whose checkpoint or write-up is gone (their rows went with it), and cut-short uploads.
  const swept = await sweepAttachmentFiles(db, appAttachmentStore());
  if (swept) logger.info("removed attachment files nobody refers to", { files: swept });
} catch (error) {
  // A full disk has been logged as such already ("storage full").
  logger.error("Koan cannot start: preparing the database failed", {
    error: error instanceof Error ? error.message : JSON.stringify(error),
  });
  process.exit(1);
}

// Mentors hear about stuck mentees from a timer, never from someone merely loading a page.
const STUCK_CHECK_MS = 15 * 60 * 1000;
async function checkStuck() {
  try {
    const stuck = await detectStuck(db, { workingDays: env.STUCK_WORKING_DAYS });
    if (stuck.length) logger.info("stuck assignments checked", { stuck: stuck.length });
  } catch (error) {
    logger.error("stuck check failed", { error: String(error) });
  }
  // Then, much later, a claim still without progress is released: nobody holds a ticket forever.
  try {
    const released = await releaseStaleClaims(db, { days: env.RELEASE_AFTER_DAYS });
    if (released) logger.info("idle claims released", { released, days: env.RELEASE_AFTER_DAYS });
  } catch (error) {
    logger.error("releasing idle claims failed", { error: String(error) });
  }
  // The daily digest rides the same timer: at most one a day per person, none when nothing waits.
  try {
    const posted = await postDailyDigests(db, {
      workingDays: env.STUCK_WORKING_DAYS,
      defaultTimeZone: env.DIGEST_TIME_ZONE,
    });
    if (posted) logger.info("daily digests posted", { posted });
  } catch (error) {
    logger.error("daily digest failed", { error: String(error) });
  }
}
setInterval(checkStuck, STUCK_CHECK_MS).unref();

// E-mail and Slack: the outbox worker sends what the requests queued (nothing when neither is
// configured); the daily digest is queued by the same kind of timer.
startOutboxWorker(db, env, (error) =>
  logger.error("outbox worker failed", { error: String(error) }),
);
async function queueDigests() {
  try {
    const queued = await queueDailyDigests(db, {
      workingDays: env.STUCK_WORKING_DAYS,
      defaultTimeZone: env.DIGEST_TIME_ZONE,
    });
    if (queued) logger.info("daily digests queued", { queued });
  } catch (error) {
    logger.error("daily digest failed", { error: String(error) });
  }
}
setInterval(queueDigests, STUCK_CHECK_MS).unref();
// The GitHub pull sync, every 15 minutes, when GITHUB_TOKEN and GITHUB_REPOS are set.
const githubSync = githubSyncSettings(env);
let syncing = false;
async function runGithubSync() {
  if (!githubSync || syncing) return;
  syncing = true;
  try {
    const reports = await syncGithub(db, githubSync, endAssignmentOnStatus);
    logger.info("GitHub sync finished", { reports });
  } catch (error) {
    logger.error("GitHub sync failed", { error: String(error) });
  } finally {
    syncing = false;
  }
}
if (githubSync) setInterval(runGithubSync, STUCK_CHECK_MS).unref();

const buildPath = path.join(buildDir, "server", "index.js");
const build = (await import(buildPath)) as ServerBuild;
const app = createServerApp(build, env, buildDir, () => healthAnswer(db));

// A pid file beside the database tells `npm run restore` that the server is running.
const pidFile = `${env.DATABASE_PATH}.pid`;
fs.writeFileSync(pidFile, String(process.pid));
process.on("exit", () => fs.rmSync(pidFile, { force: true }));

const server = app.listen(env.PORT, env.HOST, () => {
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : env.PORT;
  const shown = env.HOST === "0.0.0.0" || env.HOST === "127.0.0.1" ? "localhost" : env.HOST;
  logger.info(`Koan is ready on http://${shown}:${port}`, { port, host: env.HOST });
  if (firstLeadToken) {
    // A warning, so it shows under LOG_LEVEL=warn too: nobody can sign in until it is used.
    const origin = env.APP_ORIGIN ? new URL(env.APP_ORIGIN).origin : `http://${shown}:${port}`;
    logger.warn("nobody has an account yet: open the first lead's setup link", {
      firstLeadSetup: `${origin}${firstLeadSetupPath(firstLeadToken)}`,
    });
  }
  // Info lines are written in batches: scripts and tests wait for this one.
  logger.flush();
  // The first check runs once the server answers, so a large database doesn't delay the start;
  // so does warming what the first searches need.
  setImmediate(async () => {
    await checkStuck();
    await queueDigests();
    void runGithubSync();
    const entry = build.entry.module as { warm?: () => Promise<void> };
    await entry.warm?.();
  });
});
continueWithinBodyLimit(server);
server.keepAliveTimeout = 65_000;

function shutdown(signal: string) {
  logger.info("shutting down", { signal });
  server.close(() => {
    sqlite.close();
    process.exit(0);
  });
  setTimeout(() => process.exit(0), 5_000).unref();
}
process.on("SIGTERM", () => shutdown("SIGTERM"));
process.on("SIGINT", () => shutdown("SIGINT"));
