import { Octokit } from "@octokit/core";
import { paginateRest } from "@octokit/plugin-paginate-rest";
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { type DB, writeTransaction } from "#db/client";
import { type Actor, can } from "~/auth/policies";
import type { Env } from "~/lib/env.server";
import { k } from "~/lib/i18n/messages";
import {
  describeError,
  recordIntegrationFailure,
  recordIntegrationSuccess,
} from "~/lib/integrations.server";
import { logger } from "~/lib/logger.server";
import { nextTurn } from "~/lib/time-slice";
import {
  closedStatus,
  isNewerIssueVersion,
  recordIssueVersion,
  ticketFromIssue,
} from "./github.server";
import {
  applyStatus,
  findTicketIdBySource,
  type OnStatusChange,
  upsertSourcedTicket,
} from "./tickets.server";

// The GitHub pull sync, beside the webhook: lists each repository's issues through the REST API
// (octokit with its pagination, retry and throttling plugins) and applies them with the webhook's
// mapping and its updated_at rule. The first run asks for open issues with a starter label; later
// runs ask for every issue updated since the newest one seen, with the last ETag (a 304 costs no
// rate limit). Where each repository left off, and its last success and error, are stored.

export interface GithubSyncSettings {
  token: string;
  repos: readonly string[];
  apiUrl: string;
  starterLabels: readonly string[];
}

export function githubSyncSettings(env: Env): GithubSyncSettings | null {
  if (!env.GITHUB_TOKEN || env.GITHUB_REPOS.length === 0) return null;
  return {
    token: env.GITHUB_TOKEN,
    repos: env.GITHUB_REPOS,
    apiUrl: env.GITHUB_API_URL,
    starterLabels: env.STARTER_LABELS,
  };
}

export interface RepoSyncReport {
  repo: string;
  ok: boolean;
  created: number;
  updated: number;
  unchanged: number;
  notModified: boolean;
  error?: string;
}

interface RestIssue {
  number: number;
  title: string;
  body?: string | null;
  html_url: string;
  state?: string | null;
  state_reason?: string | null;
  updated_at: string;
  labels?: Array<string | { name?: string | null }> | null;
  user?: { login: string } | null;
  pull_request?: unknown;
}

const SyncOctokit = Octokit.plugin(paginateRest, retry, throttling);

/** Waits GitHub asks for longer than this are not waited out: the run stops and says so. */
const MAX_WAIT_SECONDS = 60;

function client(settings: GithubSyncSettings, retryBaseMs: number) {
  const retryWhileShort = (retryAfter: number, _options: unknown, _o: unknown, count: number) =>
    retryAfter <= MAX_WAIT_SECONDS && count < 3;
  return new SyncOctokit({
    auth: settings.token,
    baseUrl: settings.apiUrl,
    userAgent: "koan-github-sync",
    retry: { retryAfterBaseValue: retryBaseMs },
    throttle: {
      onRateLimit: retryWhileShort,
      onSecondaryRateLimit: retryWhileShort,
    },
  });
}

/** Runs the sync for every configured repository; one failing repository doesn't stop the rest. */
export async function syncGithub(
  db: DB,
  settings: GithubSyncSettings,
  onStatusChange: OnStatusChange,
  options: { now?: () => Date; retryBaseMs?: number } = {},
): Promise<RepoSyncReport[]> {
  const now = options.now ?? (() => new Date());
  const octokit = client(settings, options.retryBaseMs ?? 1000);
  const reports: RepoSyncReport[] = [];
  for (const repo of settings.repos) {
    const report: RepoSyncReport = {
      repo,
      ok: true,
      created: 0,
      updated: 0,
      unchanged: 0,
      notModified: false,
    };
    try {
      await syncRepo(db, octokit, settings, repo, report, onStatusChange, now);
      await db
        .updateTable("github_sync_repos")
        .set({ last_success_at: now().toISOString() })
        .where("repo", "=", repo)
        .execute();
    } catch (error) {
      report.ok = false;
      report.error = error instanceof Error ? error.message : String(error);
      logger.warn("GitHub sync failed", { repo, error: report.error });
      await saveState(db, repo, {
        last_error: report.error.slice(0, 500),
        last_error_at: now().toISOString(),
      });
    }
    reports.push(report);
  }
  // The lead's Settings → Integrations line: the last run that went through, or what failed.
  const failed = reports.filter((r) => !r.ok);
  if (failed.length === 0) await recordIntegrationSuccess(db, "github", now());
  else
    await recordIntegrationFailure(
      db,
      "github",
      k("core.integrations.syncFailed", { repos: failedRepos(failed) }),
      now(),
    );
  return reports;
}

/** "acme/api (“Not Found”)": each failed repository with GitHub's (or the network's) words. */
export function failedRepos(reports: RepoSyncReport[]): string {
  return reports.map((r) => `${r.repo} (“${describeError(r.error ?? "")}”)`).join(", ");
}

export type SyncNowResult =
  | { ok: true; reports: RepoSyncReport[] }
  | { ok: false; reason: "forbidden" | "not_configured" };

/** A lead's "Sync now" on Settings → Integrations: the same run as the 15-minute job. */
export async function syncGithubNow(
  db: DB,
  input: { actor: Actor; env: Env; onStatusChange: OnStatusChange },
): Promise<SyncNowResult> {
  if (!can(input.actor, "manageIntegrations")) return { ok: false, reason: "forbidden" };
  const settings = githubSyncSettings(input.env);
  if (!settings) return { ok: false, reason: "not_configured" };
  return { ok: true, reports: await syncGithub(db, settings, input.onStatusChange) };
}

async function saveState(
  db: DB,
  repo: string,
  values: Partial<{
    since: string | null;
    etag: string | null;
    etag_url: string | null;
    last_run_at: string;
    last_error: string | null;
    last_error_at: string | null;
  }>,
) {
  await db
    .insertInto("github_sync_repos")
    .values({ repo, ...values })
    .onConflict((oc) => oc.column("repo").doUpdateSet(values))
    .execute();
}

async function syncRepo(
  db: DB,
  octokit: InstanceType<typeof SyncOctokit>,
  settings: GithubSyncSettings,
  repo: string,
  report: RepoSyncReport,
  onStatusChange: OnStatusChange,
  now: () => Date,
) {
  const [owner = "", name = ""] = repo.split("/");
  const state = await db
    .selectFrom("github_sync_repos")
    .selectAll()
    .where("repo", "=", repo)
    .executeTakeFirst();
  const startedAt = now().toISOString();
  await saveState(db, repo, { last_run_at: startedAt });
  const since = state?.since ?? null;
  // First run: open issues with each starter label (GitHub ANDs the labels of one query).
  // Later runs: everything updated since the newest issue seen, which catches closed and
  // relabelled issues too.
  const queries = since
    ? [{ state: "all", since }]
    : settings.starterLabels.map((label) => ({ state: "open", labels: label }));
  let newest = since;
  let etag: { etag: string; url: string } | null = null;
  for (const query of queries) {
    const key = new URLSearchParams(query as Record<string, string>).toString();
    const validator = since && state?.etag && state.etag_url === key ? state.etag : null;
    try {
      let first = true;
      const params = {
        owner,
        repo: name,
        ...query,
        sort: "updated",
        direction: "asc",
        per_page: 100,
        headers: validator ? { "if-none-match": validator } : {},
      };
      const pages = octokit.paginate.iterator(
        "GET /repos/{owner}/{repo}/issues",
        params as { owner: string; repo: string },
      );
      for await (const page of pages) {
        if (first && since && typeof page.headers.etag === "string") {
          etag = { etag: page.headers.etag, url: key };
        }
        first = false;
        for (const issue of page.data as unknown as RestIssue[]) {
          if (!newest || Date.parse(issue.updated_at) > Date.parse(newest)) {
            newest = new Date(issue.updated_at).toISOString();
          }
          if (issue.pull_request) continue; // the issues endpoint lists pull requests too
          // A page is 100 issues, each its own transaction: let requests in between them, so
          // a first sync of a big repository never holds the server for a whole page.
          await nextTurn();
          const outcome = await applyIssue(db, settings, repo, issue, onStatusChange, now());
          report[outcome]++;
        }
      }
    } catch (error) {
      if ((error as { status?: number }).status === 304) {
        report.notModified = true;
        continue;
      }
      throw error;
    }
  }
  // The ETag is worth keeping only when the next run asks the very same URL (same since).
  const keep = etag && newest === since;
  await saveState(db, repo, {
    since: newest ?? startedAt,
    etag: keep ? etag?.etag : null,
    etag_url: keep ? etag?.url : null,
    last_error: null,
    last_error_at: null,
  });
}

/** One issue, in one short transaction: created, updated (only when newer) or left alone. */
async function applyIssue(
  db: DB,
  settings: GithubSyncSettings,
  repo: string,
  issue: RestIssue,
  onStatusChange: OnStatusChange,
  now: Date,
): Promise<"created" | "updated" | "unchanged"> {
  const externalId = `${repo}#${issue.number}`;
  const labels = (issue.labels ?? [])
    .map((l) => (typeof l === "string" ? l : (l.name ?? "")))
    .filter(Boolean);
  const ticket = ticketFromIssue(
    {
      issue: { ...issue, labels, user: issue.user ?? null },
      repository: { name: repo.split("/")[1] ?? repo, full_name: repo },
    },
    settings.starterLabels,
  );
  const closed = issue.state === "closed";
  return writeTransaction(db, async (trx) => {
    const known = await findTicketIdBySource(trx, "github", externalId);
    // Issues that never were starters stay out; so do closed ones Koan never had.
    if (known === null && (!ticket.starter || closed)) return "unchanged" as const;
    if (known !== null && !(await isNewerIssueVersion(trx, known, issue.updated_at))) {
      return "unchanged" as const;
    }
    const { id, outcome } = await upsertSourcedTicket(
      trx,
      {
        source: "github",
        externalId,
        url: issue.html_url,
        reporterName: issue.user?.login ?? null,
        ticket,
        actorId: null,
        eventKind: "updated_by_webhook",
      },
      now,
    );
    await recordIssueVersion(trx, id, issue.updated_at);
    const current = await trx
      .selectFrom("tickets")
      .select("status")
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    const target = closed
      ? closedStatus(issue.state_reason)
      : current.status === "resolved" || current.status === "closed"
        ? { status: "open" as const, closeReason: null }
        : null;
    const statusChanged = target
      ? await applyStatus(
          trx,
          { ticketId: id, ...target, actorId: null, via: "github" },
          now,
          onStatusChange,
        )
      : false;
    if (outcome === "created") return "created" as const;
    return outcome === "updated" || statusChanged ? ("updated" as const) : ("unchanged" as const);
  });
}

export interface GithubSyncStatus {
  configured: boolean;
  repos: Array<{
    repo: string;
    lastSuccessAt: string | null;
    lastError: { at: string; message: string } | null;
  }>;
}

/** For the lead's Settings → Integrations page: each repository's last success and error. */
export async function githubSyncStatus(db: DB, env: Env): Promise<GithubSyncStatus> {
  const settings = githubSyncSettings(env);
  const rows = await db.selectFrom("github_sync_repos").selectAll().execute();
  const byRepo = new Map(rows.map((r) => [r.repo, r]));
  return {
    configured: settings !== null,
    repos: (settings?.repos ?? []).map((repo) => {
      const row = byRepo.get(repo);
      return {
        repo,
        lastSuccessAt: row?.last_success_at ?? null,
        lastError:
          row?.last_error && row.last_error_at
            ? { at: row.last_error_at, message: row.last_error }
            : null,
      };
    }),
  };
}
