import { type DB, writeTransaction } from "#db/client";
import type { Resolution } from "#db/schema";
import { insertWriteup, markVerified, type WriteupInput } from "~/knowledge/writeups.server";
import { recordAudit } from "~/lib/audit.server";
import { addDays } from "~/lib/time";

/**
 * The demo organisation's knowledge base: write-ups by Hanbit Pay's engineers about their own
 * payments product (a merchant dashboard, card payments, settlements), written for Koan. Every
 * kind of answer is here, a few in Korean, with the error texts, stack lines, file paths and ids
 * people paste into search. Deterministic: times are days before `now`.
 */

interface SeedLink {
  label: string;
  /** An outside address, or the key of an earlier seed write-up (linked as `/kb/<id>`). */
  url?: string;
  writeup?: string;
}

interface SeedWriteup {
  key: string;
  component: string;
  resolution: Resolution;
  title: string;
  symptom: string;
  rootCause: string;
  fix: string;
  debugging: string;
  tags: string[];
  links: SeedLink[];
  toil: { description: string; minutes: number }[];
  /** E-mail local parts of demo users. */
  author: string;
  verifier?: string;
  publishedDaysAgo: number;
  verifiedDaysAgo?: number;
}

const md = (...lines: string[]) => lines.join("\n");
const pr = (n: number) => `https://github.com/hanbit-pay/app/pull/${n}`;
const issue = (n: number) => `https://github.com/hanbit-pay/app/issues/${n}`;

/** Toil that comes back across write-ups, so the toil board has something to rank. */
const TOIL = {
  restartWorker: "Restarted the notification worker",
  rerunExport: "Re-ran the invoice export by hand",
  replayWebhooks: "Replayed failed merchant webhooks from the admin console",
  unlockAccount: "Unlocked a merchant account by hand",
  reimportRows: "Re-imported the failed settlement rows by hand",
  rebuildIndex: "Rebuilt the search index by hand",
  answerSupport: "Answered the support ticket and explained the behaviour",
  refundDuplicate: "Refunded a duplicate charge by hand",
} as const;

export const SEED_WRITEUPS: readonly SeedWriteup[] = [
  // ------------------------------------------------------------------------------ billing
  {
    key: "krw-dollar-sign",
    component: "billing",
    resolution: "fixed",
    title: "Invoice PDF shows a dollar sign for KRW merchants",
    symptom: md(
      "Merchants billed in KRW download invoice PDFs whose totals read `$1,250,000` although the amounts are right. Only the PDF is wrong; the dashboard shows `₩1,250,000`.",
      "",
      "Reported by three merchants in one week (support tickets HP-2291, HP-2304, HP-2310).",
    ),
    rootCause:
      '`InvoiceRenderer.render` formats money with `formatMoney(amount, invoice.currencyCode ?? "USD")`. Migration `0031_invoice_currency` renamed the column `currency` to `currency_code`, but the PDF job reads invoices through an old raw query in `app/billing/pdf/load-invoice.server.ts` that still selects `currency`, so `currencyCode` is always `undefined` and the default wins.',
    fix: md(
      'Load the invoice through `getInvoiceForRender()` (the same typed query the dashboard uses) and drop the `"USD"` default: a missing currency now throws `InvoiceCurrencyMissingError` instead of guessing.',
      "",
      "Added a test that renders a KRW invoice and asserts the text layer contains `₩`.",
    ),
    debugging: md(
      "1. Reproduced with a test org switched to KRW; the PDF showed `$`.",
      '2. Searched for `formatMoney(` and found the `?? "USD"` fallback.',
      "3. Logged `invoice` inside `InvoiceRenderer.render`: `currencyCode: undefined`.",
      "4. `git log -S currency -- app/billing/pdf` led to the raw query that the rename missed.",
      "",
      "Dead end: I first suspected the PDF font lacking `₩`; it has the glyph.",
    ),
    tags: ["pdf", "i18n", "currency", "invoices"],
    links: [
      { label: "PR #4102", url: pr(4102) },
      { label: "Issue #3877", url: issue(3877) },
    ],
    toil: [
      { description: TOIL.answerSupport, minutes: 20 },
      { description: TOIL.rerunExport, minutes: 35 },
    ],
    author: "newcomer",
    verifier: "mentor",
    publishedDaysAgo: 341,
    verifiedDaysAgo: 336,
  },
  {
    key: "proration-cent",
    component: "billing",
    resolution: "fixed",
    title: "Mid-month upgrades are prorated one cent short",
    symptom: md(
      "Upgrading from Starter to Growth on the 15th of a 31-day month charges `16.12` where the pricing sheet says `16.13`. Finance's monthly reconciliation flags every mid-month upgrade with:",
      "",
      "```",
      "ReconciliationMismatch: expected 1613 got 1612 (invoice in_7c1e20, plan growth_monthly)",
      "```",
    ),
    rootCause:
      "`prorate()` in `app/billing/prorate.server.ts:57` computes in floating-point major units and ends with `Math.floor(amount * 100) / 100`. `16.13` is `16.129999999…` as a double, so the floor drops a cent.",
    fix: "Compute in integer minor units (`amountMinor * daysLeft / daysInPeriod`) and round half-even once, at the end, with `roundHalfEven()` from `app/lib/money.ts`. Added table-driven tests for every day of a 28-, 30- and 31-day month.",
    debugging: md(
      "Wrote the failing case as a test first: `prorate({ fromPlan: 'starter', toPlan: 'growth', day: 15, daysInMonth: 31 })`.",
      "Stepped through in the debugger and printed `amount * 100` → `1612.9999999999998`.",
      'Checked the other callers of `Math.floor` in billing with `rg "Math.floor" app/billing`: only this one touches money.',
    ),
    tags: ["money", "rounding", "proration"],
    links: [{ label: "PR #4135", url: pr(4135) }],
    toil: [{ description: TOIL.rerunExport, minutes: 40 }],
    author: "ana",
    verifier: "yuna",
    publishedDaysAgo: 305,
    verifiedDaysAgo: 298,
  },
  {
    key: "export-timeout",
    component: "billing",
    resolution: "fixed",
    title: "Monthly invoice export times out with ERR_EXPORT_TIMEOUT",
    symptom: md(
      "The nightly job `billing.exportInvoices` fails on the first of each month and Finance gets no CSV:",
      "",
      "```",
      "Error: ERR_EXPORT_TIMEOUT: export did not finish in 900000 ms",
      "    at InvoiceExporter.run (app/billing/export/invoice-exporter.server.ts:118:13)",
      "    at async runJob (app/jobs/runner.server.ts:64:5)",
      "job_id=0x4be91f attempt=3",
      "```",
      "",
      "Someone re-runs the export by hand every month, which takes most of an hour.",
    ),
    rootCause:
      "`InvoiceExporter.run` loads every invoice line of the month with one query and an `ORDER BY created_at` that has no index, then builds the whole CSV in memory. Since the March price change doubled the line count, the sort alone takes longer than the job's 15-minute limit.",
    fix: "Stream the export in pages of 2,000 invoices by `(created_at, id)` keyset, with the new index `invoice_lines_created_id`, and write rows as they come. The December export now takes 3 minutes 40 seconds.",
    debugging: md(
      "- `EXPLAIN QUERY PLAN` on the export query showed `USE TEMP B-TREE FOR ORDER BY`.",
      "- Timed the query alone on a copy of production: 14 min 10 s.",
      "- Heap snapshot of a local run: 1.1 GB of strings, the CSV buffer.",
    ),
    tags: ["export", "performance", "jobs", "csv"],
    links: [
      { label: "PR #4188", url: pr(4188) },
      {
        label: "Runbook: invoice export",
        url: "https://wiki.hanbitpay.test/runbooks/invoice-export",
      },
    ],
    toil: [
      { description: TOIL.rerunExport, minutes: 55 },
      { description: TOIL.rerunExport, minutes: 50 },
      { description: TOIL.rerunExport, minutes: 60 },
      { description: "Sent Finance the CSV by e-mail", minutes: 10 },
    ],
    author: "mentor",
    verifier: "lead",
    publishedDaysAgo: 262,
    verifiedDaysAgo: 140,
  },
  {
    key: "do-not-honor",
    component: "billing",
    resolution: "works_as_designed",
    title: "Card declined with do_not_honor is not retried",
    symptom: md(
      "Merchants ask why a renewal failed once and was never retried, while other failed renewals are retried three times. The payment shows:",
      "",
      "```",
      "ERR_PAYMENT_DECLINED decline_code=do_not_honor issuer=KB Kookmin Card",
      "```",
    ),
    rootCause:
      "`do_not_honor` is a hard decline from the issuer: retrying it does not succeed and counts against us in the card networks' excessive-retry programmes. `RetryPolicy.forDecline()` retries only soft declines (`insufficient_funds`, `issuer_unavailable`, `try_again_later`).",
    fix: md(
      'Expected behaviour: hard declines (`do_not_honor`, `stolen_card`, `lost_card`, `pickup_card`) are never retried; the merchant\'s customer gets the "update your card" e-mail at once.',
      "",
      'Specified in the payments decision record *ADR-017 Retry policy*. Merchants keep asking because the dashboard shows "Failed" for both kinds; issue #3990 asks for the decline kind to be shown.',
    ),
    debugging:
      "Read `RetryPolicy.forDecline()` and ADR-017, and confirmed with Tomás that the list matches the acquirer's guidance. Checked three reported payments: all `do_not_honor`.",
    tags: ["payments", "declines", "retries"],
    links: [
      { label: "ADR-017 Retry policy", url: "https://wiki.hanbitpay.test/adr/017-retry-policy" },
      { label: "Issue #3990", url: issue(3990) },
    ],
    toil: [
      { description: TOIL.answerSupport, minutes: 15 },
      { description: TOIL.answerSupport, minutes: 10 },
    ],
    author: "yuna",
    verifier: "mentor",
    publishedDaysAgo: 128,
    verifiedDaysAgo: 120,
  },
  {
    key: "double-charge",
    component: "billing",
    resolution: "fixed",
    title: "Double-clicking Pay charges the card twice",
    symptom: md(
      "Two identical charges within 300 ms for the same cart, for example `ch_3f9a21` and `ch_3f9a27` for order `ord_88e102`. Support refunds one by hand.",
      "",
      "Logs show two `POST /checkout/confirm` requests from the same session with different request ids.",
    ),
    rootCause:
      "`confirmCheckout()` creates a new gateway charge on every request. The button was not disabled while submitting and the request carried no idempotency key, so a double click made two charges.",
    fix: "The checkout form now sends an `Idempotency-Key` made from the cart id and its version; `confirmCheckout()` stores it in `checkout_attempts` with a unique index and returns the first attempt's result for a repeat. The button is also disabled while submitting, but the server-side key is the fix.",
    debugging: md(
      "Reproduced with `for i in 1 2; do curl -X POST … & done` against staging: two charges.",
      "Grepped the gateway client for `idempotency`: the option existed but was never passed.",
    ),
    tags: ["payments", "idempotency", "checkout"],
    links: [
      { label: "PR #4230", url: pr(4230) },
      { label: "Gateway docs: idempotent requests", url: "https://docs.gateway.test/idempotency" },
    ],
    toil: [
      { description: TOIL.refundDuplicate, minutes: 15 },
      { description: TOIL.refundDuplicate, minutes: 15 },
      { description: TOIL.answerSupport, minutes: 20 },
    ],
    author: "leo",
    verifier: "mentor",
    publishedDaysAgo: 214,
    verifiedDaysAgo: 100,
  },
  {
    key: "pg-timeout-ko",
    component: "billing",
    resolution: "config_change",
    title: "결제 오류 E4012: PG 응답 대기 시간 초과",
    symptom: md(
      "카드 결제 후 고객 화면에 **결제 오류 E4012** 가 표시되고, 잠시 후 카드사 승인 문자가 도착함. 가맹점 주문은 실패로 남음.",
      "",
      "```",
      "PaymentGatewayError: E4012 read timeout after 3000ms (pg=hanbit-pg, tid=0x91c4d2)",
      "    at PgClient.approve (app/billing/pg/client.server.ts:142:11)",
      "```",
      "",
      "저녁 8시~10시 사이에 주로 발생.",
    ),
    rootCause:
      "운영 환경 변수 `PG_READ_TIMEOUT_MS` 가 3000 으로 설정되어 있었음. PG사 승인 API 의 p99 응답 시간은 저녁 피크에 약 4.2초. 작년 인프라 이전 때 스테이징 값이 그대로 복사됨.",
    fix: md(
      "`PG_READ_TIMEOUT_MS` 를 3000 → 10000 으로 변경 (운영 시크릿 저장소 `payments/prod`).",
      "",
      "확인 방법: `/healthz?verbose=1` 의 `pg.readTimeoutMs` 값, 그리고 대시보드의 E4012 건수 (변경 후 0건).",
      "",
      "타임아웃이 나도 승인이 될 수 있으므로, 망취소(`PgClient.cancelByTid`) 작업이 이미 돌고 있는지도 확인했음.",
    ),
    debugging: md(
      "1. E4012 가 난 주문 20건의 `tid` 로 PG사 관리자 화면 조회 → 모두 승인 완료 상태.",
      "2. 애플리케이션 로그에서 응답 시간 분포 확인: 실패 건은 모두 정확히 3000ms 근처.",
      "3. 스테이징과 운영의 환경 변수 비교 (`scripts/env-diff.ts`).",
    ),
    tags: ["pg", "timeout", "결제", "config"],
    links: [{ label: "운영 설정 변경 기록", url: "https://wiki.hanbitpay.test/changes/2291" }],
    toil: [
      { description: TOIL.refundDuplicate, minutes: 25 },
      { description: TOIL.answerSupport, minutes: 30 },
    ],
    author: "yuna",
    verifier: "lead",
    publishedDaysAgo: 96,
    verifiedDaysAgo: 90,
  },
  {
    key: "credit-note-type",
    component: "billing",
    resolution: "data_fix",
    title: "Credit notes missing from Finance's CSV export",
    symptom:
      "Finance's monthly CSV has invoices but no credit notes for refunds issued before June, so the month's totals never match the ledger. Newer credit notes are present.",
    rootCause:
      "An old admin script (`scripts/issue-credit.ts`, since deleted) wrote `document_type = 'credit'` instead of `'credit_note'`. The export filters on `document_type in ('invoice', 'credit_note')`. The script is gone and the column now has a CHECK constraint, so it cannot happen again.",
    fix: md(
      "Took a backup (`backups/2025-06-02-billing.db`), then ran:",
      "",
      "```sql",
      "UPDATE billing_documents SET document_type = 'credit_note'",
      "WHERE document_type = 'credit' AND created_at < '2025-06-01';",
      "-- 214 rows",
      "```",
      "",
      "Re-ran the May export for Finance.",
    ),
    debugging:
      "Compared the export's row count with `select document_type, count(*) from billing_documents group by 1` and saw the stray `credit` value; `git log -S \"'credit'\"` found the deleted script.",
    tags: ["export", "credit-notes", "finance"],
    links: [
      { label: "Data fix request DF-112", url: "https://wiki.hanbitpay.test/data-fixes/112" },
    ],
    toil: [
      { description: TOIL.rerunExport, minutes: 45 },
      { description: "Reconciled the ledger with Finance by hand", minutes: 90 },
    ],
    author: "mentor",
    verifier: "yuna",
    publishedDaysAgo: 236,
    verifiedDaysAgo: 160,
  },
  {
    key: "charged-twice-renewal",
    component: "billing",
    resolution: "duplicate",
    title: "Customer charged twice for a renewal",
    symptom:
      "A merchant's customer was charged twice for the same order, `ch_51aa09` and `ch_51aa0c`, 200 ms apart, both from `POST /checkout/confirm`.",
    rootCause:
      "Same cause as the double-click write-up: two confirm requests without an idempotency key. The order was placed from an old cached checkout page served before the fix shipped.",
    fix: "See the original write-up. When seen again: check whether the page was served before release 2025.08.2 (the `x-release` response header); if it is newer, the fix is not working and it is a new bug.",
    debugging:
      "Searched Koan for `POST /checkout/confirm` and found the original write-up; the two request ids and the 200 ms gap matched.",
    tags: ["payments", "idempotency", "duplicate-charge"],
    links: [{ label: "Original write-up", writeup: "double-charge" }],
    toil: [{ description: TOIL.refundDuplicate, minutes: 15 }],
    author: "fatima",
    publishedDaysAgo: 12,
  },

  // ------------------------------------------------------------------------------ auth
  {
    key: "admin-session-12h",
    component: "auth",
    resolution: "works_as_designed",
    title: 'Admins are logged out after 12 hours despite "Remember me"',
    symptom:
      "Merchant admins tick *Remember me* and are still asked to log in again every morning. Staff accounts with the same box ticked stay logged in for 30 days.",
    rootCause:
      "Accounts with the `merchant_admin` role can issue refunds and change payout accounts, so their sessions are capped at 12 hours whatever the box says (`SESSION_MAX_HOURS_PRIVILEGED`).",
    fix: md(
      "Expected behaviour: privileged sessions end 12 hours after log-in; *Remember me* only extends sessions of non-privileged roles.",
      "",
      "Specified in the security policy, section 4.2 (PCI DSS 8.2.8 idle and absolute timeouts). People hit it because the log-in form does not say so; issue #4011 adds a hint under the checkbox for admins.",
    ),
    debugging:
      "Read `createSession()` in `app/auth/sessions.server.ts` and found the cap; asked Daniel, who pointed to the policy document.",
    tags: ["sessions", "remember-me", "security-policy"],
    links: [
      { label: "Security policy 4.2", url: "https://wiki.hanbitpay.test/security/policy#4-2" },
      { label: "Issue #4011", url: issue(4011) },
    ],
    toil: [{ description: TOIL.answerSupport, minutes: 15 }],
    author: "daniel",
    verifier: "lead",
    publishedDaysAgo: 318,
    verifiedDaysAgo: 310,
  },
  {
    key: "reset-link-expired",
    component: "auth",
    resolution: "fixed",
    title: 'Password reset links say "expired" as soon as they are opened',
    symptom: md(
      "Merchants in Korea click the reset link within a minute and see *This link has expired*. Merchants in Europe are fine.",
      "",
      "```",
      "ResetTokenExpiredError: token rst_0e77b3 expired at 2025-04-03 01:12:40",
      "    at verifyResetToken (app/auth/reset.server.ts:88:11)",
      "    at action (app/routes/reset-password.$token.tsx:23:20)",
      "```",
    ),
    rootCause:
      "`reset_tokens.expires_at` was stored as `2025-04-03 01:12:40` (UTC, no zone). `verifyResetToken` did `new Date(row.expires_at)`, which reads a string without a zone as *local* time. The servers in the Seoul region run with `TZ=Asia/Seoul`, so every token looked 9 hours older than it was; with a one-hour lifetime they were expired on arrival.",
    fix: "Store and compare times as ISO-8601 UTC with `Z` (`toIso()`), and parse stored times with `parseIsoUtc()`, which rejects zone-less strings. A migration rewrote the existing rows. The test runs with `TZ=Asia/Seoul`.",
    debugging: md(
      "Could not reproduce locally (laptop in UTC) until I ran `TZ=Asia/Seoul npm run dev`.",
      "Then logged `new Date(row.expires_at).toISOString()` next to the raw value: 9 hours apart.",
    ),
    tags: ["timezones", "password-reset", "dates"],
    links: [{ label: "PR #4167", url: pr(4167) }],
    toil: [
      { description: TOIL.answerSupport, minutes: 20 },
      { description: "Reset merchant passwords by hand", minutes: 30 },
    ],
    author: "newcomer",
    verifier: "daniel",
    publishedDaysAgo: 274,
    verifiedDaysAgo: 150,
  },
  {
    key: "otp-clock-drift",
    component: "auth",
    resolution: "config_change",
    title: "TOTP codes rejected with ERR_OTP_INVALID on one server",
    symptom: md(
      "About a third of two-factor log-ins fail with a correct code and succeed on the second try:",
      "",
      "```",
      "ERR_OTP_INVALID user=u_2c81 step_skew=-2 host=auth-2",
      "```",
      "",
      "All failures come from `auth-2`.",
    ),
    rootCause:
      "`auth-2` was rebuilt from a new base image without `chrony` enabled, and its clock drifted 74 seconds behind. `verifyTotp` accepts one 30-second step either side, so codes were off by two steps.",
    fix: "Enabled and started `chronyd` on `auth-2`, and added `chrony` to the base image's package list (`infra/images/base.pkr.hcl`). The health check now fails when `timedatectl show -p NTPSynchronized` is not `yes`. Check with `chronyc tracking` (offset under 10 ms).",
    debugging:
      "Grouped the failures by host in the logs; compared `date +%s` on the three auth servers against each other.",
    tags: ["2fa", "totp", "ntp", "infrastructure"],
    links: [{ label: "Infra change INF-331", url: "https://wiki.hanbitpay.test/changes/inf-331" }],
    toil: [{ description: TOIL.unlockAccount, minutes: 10 }],
    author: "jiwoo",
    verifier: "daniel",
    publishedDaysAgo: 166,
    verifiedDaysAgo: 160,
  },
  {
    key: "okta-saml-loop",
    component: "auth",
    resolution: "cannot_reproduce",
    title: "Okta SSO log-in loops back to the log-in page",
    symptom: md(
      "One enterprise merchant (org `org_5d0e3a`) reports that SSO through Okta sends them back to the log-in page again and again. Our logs show:",
      "",
      "```",
      "SamlValidationError: InResponseTo mismatch (expected _a81f2c…, got _c40b9e…)",
      "    at SamlProvider.validateResponse (app/auth/sso/saml.server.ts:203:15)",
      "```",
    ),
    rootCause:
      "Suspected: the `sso_relay` cookie that holds the request id is dropped on Okta's cross-site POST back to us, so the response is checked against a stale request id. Ruled out: clock skew (assertions were within their validity window), certificate rotation (the signature verified), and our SameSite setting (it is `None; Secure` as required). We could not make it happen with our own Okta tenant or the merchant's test user.",
    fix: md(
      "What to capture next time:",
      "",
      "- a HAR file from the user's browser, including the POST to `/sso/acs`;",
      "- the browser and its version, and any extensions that block cookies;",
      "- our `sso.request` and `sso.response` log lines for the same minute (set `LOG_LEVEL=debug` for that org with the feature flag `sso-debug`).",
    ),
    debugging:
      "Set up an Okta developer tenant with the merchant's settings, tried Chrome, Firefox and Safari, with and without third-party cookie blocking. No loop.",
    tags: ["sso", "saml", "okta", "cookies"],
    links: [
      {
        label: "Okta: SAML troubleshooting",
        url: "https://developer.okta.test/docs/saml-troubleshooting",
      },
    ],
    toil: [
      { description: TOIL.answerSupport, minutes: 45 },
      { description: "Joined a screen-sharing call with the merchant", minutes: 60 },
    ],
    author: "daniel",
    publishedDaysAgo: 151,
  },
  {
    key: "office-nat-lockout",
    component: "auth",
    resolution: "config_change",
    title: "Whole merchant office locked out after a few failed log-ins",
    symptom: md(
      "Staff at one merchant (a bakery chain, 40 people behind one office network) all see *Too many attempts, try again in 15 minutes* after a couple of colleagues mistype their passwords.",
      "",
      "```",
      "LoginRateLimited key=ip:10.20.0.4 failures=10 window=15m",
      "```",
    ),
    rootCause:
      "The limiter keys by client address. After the move to the new load balancer, Express's `trust proxy` setting was left off, so `req.ip` was the load balancer's address `10.20.0.4` for everyone: every failed log-in in the whole product counted against one key.",
    fix: "Set `TRUST_PROXY=true` in production (the load balancer overwrites `X-Forwarded-For`), so `req.ip` is the real client address again. Check: the `client_ip` field of log-in logs shows public addresses, not `10.20.0.x`.",
    debugging:
      "The key in the log line was a private address, which no merchant has; grepped the deploy diff of the load balancer move for `TRUST_PROXY`.",
    tags: ["rate-limit", "proxy", "login"],
    links: [
      { label: "Deploy config diff", url: "https://github.com/hanbit-pay/infra/commit/3e9b1c4" },
    ],
    toil: [
      { description: TOIL.unlockAccount, minutes: 10 },
      { description: TOIL.unlockAccount, minutes: 10 },
      { description: TOIL.unlockAccount, minutes: 15 },
    ],
    author: "lead",
    verifier: "daniel",
    publishedDaysAgo: 88,
    verifiedDaysAgo: 85,
  },
  {
    key: "okta-bounce-dup",
    component: "auth",
    resolution: "duplicate",
    title: "Okta users bounced back to sign-in (InResponseTo mismatch)",
    symptom:
      "Another merchant's admin reports an SSO loop; logs show `SamlValidationError: InResponseTo mismatch` from `SamlProvider.validateResponse`.",
    rootCause:
      "Same report as the Okta log-in loop write-up: same error, same line, and again only one user's browser.",
    fix: 'See the original. Asked the merchant for a HAR file and the browser version, as its "what to capture" list says, and attached both to issue #4250.',
    debugging: "Searched Koan for `InResponseTo mismatch`.",
    tags: ["sso", "saml", "okta"],
    links: [
      { label: "Original write-up", writeup: "okta-saml-loop" },
      { label: "Issue #4250", url: issue(4250) },
    ],
    toil: [{ description: TOIL.answerSupport, minutes: 20 }],
    author: "noah",
    publishedDaysAgo: 9,
  },
  {
    key: "api-key-grace",
    component: "auth",
    resolution: "works_as_designed",
    title: "Rotated API key still works for 24 hours",
    symptom:
      "A merchant rotated their secret key `sk_live_…4f2a` after a leak and saw requests with the old key succeed for the rest of the day. They expected the old key to stop at once.",
    rootCause:
      "Rotation keeps the old key valid for 24 hours so merchants can deploy the new one without downtime. Revoking (not rotating) ends a key at once.",
    fix: md(
      'Expected behaviour: *Rotate* = new key now, old key ends in 24 hours; *Revoke* = key ends now. Documented in the API reference under "Rotating keys".',
      "",
      "After a leak, merchants should revoke. The rotate dialog now says this in its first line (PR #4301).",
    ),
    debugging: "Read `rotateApiKey()` and the API reference; reproduced on staging.",
    tags: ["api-keys", "security"],
    links: [
      {
        label: "API reference: rotating keys",
        url: "https://docs.hanbitpay.test/api/keys#rotating",
      },
      { label: "PR #4301", url: pr(4301) },
    ],
    toil: [{ description: TOIL.answerSupport, minutes: 25 }],
    author: "priya",
    verifier: "daniel",
    publishedDaysAgo: 59,
    verifiedDaysAgo: 52,
  },

  // ------------------------------------------------------------------------------ search
  {
    key: "cafe-diacritics",
    component: "search",
    resolution: "fixed",
    title: 'Merchant search does not find "Café Mori" when typing cafe',
    symptom:
      "Typing `cafe mori` in the merchant search returns nothing; `café mori` finds it. The same for `Crème`, `Zürich`, `São Paulo`.",
    rootCause:
      "The merchants FTS5 table was created with `tokenize = 'unicode61 remove_diacritics 0'`, copied from an old example, so `café` and `cafe` are different tokens.",
    fix: "New migration recreating `merchants_fts` with `remove_diacritics 2` and rebuilding it (`INSERT INTO merchants_fts(merchants_fts) VALUES('rebuild')`). Test: searching `cafe` finds `Café Mori`.",
    debugging:
      "Ran the MATCH by hand in `sqlite3` with both spellings; then `select * from merchants_fts_vocab where term like 'caf%'` showed `café` only.",
    tags: ["fts5", "diacritics", "tokenizer"],
    links: [
      { label: "PR #4144", url: pr(4144) },
      { label: "SQLite FTS5 unicode61", url: "https://sqlite.org/fts5.html#unicode61_tokenizer" },
    ],
    toil: [{ description: TOIL.rebuildIndex, minutes: 20 }],
    author: "ana",
    verifier: "priya",
    publishedDaysAgo: 292,
    verifiedDaysAgo: 287,
  },
  {
    key: "tx-id-underscore",
    component: "search",
    resolution: "fixed",
    title: "Searching a transaction id like tx_9f2c41e0 finds unrelated payments",
    symptom:
      "Support pastes `tx_9f2c41e0` into transaction search and gets hundreds of results, none of them that transaction.",
    rootCause:
      "The tokenizer splits on `_`, so the query became `tx AND 9f2c41e0`… and `tx` is in every row; worse, the id's hex part was split again at the digit-letter boundary by our own query normaliser `normalizeQuery()` in `app/search/query.server.ts`.",
    fix: "Added `tokenchars '_'` to the index's tokenizer so ids stay whole, and stopped `normalizeQuery()` from splitting on digit-letter boundaries. Exact ids now come first.",
    debugging:
      'Logged the MATCH string the route built: `"tx" AND "9" AND "f2c41e0"`. That explained it.',
    tags: ["fts5", "tokenizer", "ids"],
    links: [{ label: "PR #4199", url: pr(4199) }],
    toil: [
      { description: TOIL.rebuildIndex, minutes: 25 },
      { description: TOIL.answerSupport, minutes: 10 },
    ],
    author: "priya",
    verifier: "yuna",
    publishedDaysAgo: 247,
    verifiedDaysAgo: 120,
  },
  {
    key: "common-word-slow",
    component: "search",
    resolution: "fixed",
    title: 'Searching "payment" takes two seconds',
    symptom: md(
      "Transaction search for common words (`payment`, `card`, `refund`) takes 2–3 s, and the dashboard shows a spinner; rare words are instant. Slow-query log:",
      "",
      "```",
      "slow query 2314 ms: SELECT … FROM transactions_fts WHERE transactions_fts MATCH ? ORDER BY bm25(transactions_fts) LIMIT 20",
      "```",
    ),
    rootCause:
      "bm25 ranking has to score every matching row before it can return the top 20. `payment` matches 1.8 million rows.",
    fix: "When the rarest required term is in more than 50,000 rows, rank only the newest 5,000 matches (`rowid >= floor`) and say so in the results. p95 for common words went from 2.3 s to 40 ms.",
    debugging:
      "Timed the same query with `ORDER BY rowid DESC` (fast) and with `bm25()` (slow), which pointed at ranking, not matching. Counted matches per term from `transactions_fts_vocab`.",
    tags: ["fts5", "performance", "bm25"],
    links: [{ label: "PR #4260", url: pr(4260) }],
    toil: [],
    author: "yuna",
    verifier: "priya",
    publishedDaysAgo: 178,
    verifiedDaysAgo: 171,
  },
  {
    key: "merchant-index-stale-ko",
    component: "search",
    resolution: "data_fix",
    title: "가맹점 검색에서 새로 가져온 가맹점이 검색되지 않음",
    symptom: md(
      "일괄 가져오기로 등록한 가맹점 3,412곳이 가맹점 목록에는 보이지만 검색에는 나오지 않음. 예: `스타벅스 강남역점` 검색 결과 없음.",
      "",
      "`merchants_fts` 의 행 수가 `merchants` 보다 3,412 적음.",
    ),
    rootCause:
      "일괄 가져오기 스크립트 `scripts/bulk-merchants.ts` 가 속도를 위해 트리거를 끈 채 (`PRAGMA recursive_triggers` 가 아니라 임시로 트리거를 DROP) 삽입하고, 마지막에 다시 만들면서 색인 재구축을 빠뜨림. 스크립트는 이번 작업에서만 쓰였고 이제 삭제함.",
    fix: md(
      "백업 후 색인 재구축:",
      "",
      "```sql",
      "INSERT INTO merchants_fts(merchants_fts) VALUES('rebuild');",
      "INSERT INTO merchants_fts(merchants_fts) VALUES('integrity-check');",
      "```",
      "",
      "재구축 후 행 수 일치 확인. 스크립트 삭제 (PR #4280).",
    ),
    debugging:
      "`select count(*)` 로 두 테이블 비교 → 차이가 가져온 건수와 정확히 같음. 스크립트에서 `DROP TRIGGER` 를 찾음.",
    tags: ["fts5", "검색", "가져오기", "reindex"],
    links: [{ label: "PR #4280", url: pr(4280) }],
    toil: [
      { description: TOIL.rebuildIndex, minutes: 30 },
      { description: TOIL.answerSupport, minutes: 15 },
    ],
    author: "yuna",
    verifier: "priya",
    publishedDaysAgo: 73,
    verifiedDaysAgo: 70,
  },
  {
    key: "relevance-order",
    component: "search",
    resolution: "works_as_designed",
    title: "Search results are not in date order",
    symptom:
      "Support staff expect transaction search results newest first and think the order is random when a three-week-old refund comes above yesterday's payment.",
    rootCause:
      "Results are ordered by relevance (bm25, with the merchant name and reference weighted above the description) unless the *Sort* menu says *Newest first*.",
    fix: "Expected behaviour: relevance order by default, because most searches are for one specific transaction; *Sort → Newest first* gives date order and is remembered per user. Specified in the search design doc. The sort menu is easy to miss; issue #4077 proposes showing the current order next to the result count.",
    debugging: "Read `searchTransactions()` and the design doc; confirmed with Priya.",
    tags: ["ranking", "ux"],
    links: [
      { label: "Search design doc", url: "https://wiki.hanbitpay.test/design/search" },
      { label: "Issue #4077", url: issue(4077) },
    ],
    toil: [
      { description: TOIL.answerSupport, minutes: 10 },
      { description: TOIL.answerSupport, minutes: 10 },
    ],
    author: "sam",
    verifier: "priya",
    publishedDaysAgo: 33,
    verifiedDaysAgo: 30,
  },
  {
    key: "fts-syntax-error",
    component: "search",
    resolution: "fixed",
    title: 'Search crashes with fts5: syntax error near "." on pasted e-mail addresses',
    symptom: md(
      "Pasting an e-mail address or an order reference such as `HP-2291` into search shows the error page:",
      "",
      "```",
      'SqliteError: fts5: syntax error near "."',
      "    at Statement.all (node_modules/better-sqlite3/lib/methods/wrappers.js:1:30)",
      "    at searchTransactions (app/search/transactions.server.ts:61:8)",
      "```",
    ),
    rootCause:
      'The route passed the raw query string to `MATCH`. FTS5 has its own query syntax, so `.`, `-`, `:`, `"` and `*` in user text are operators or errors.',
    fix: 'Split the query into tokens the way the index does, wrap each in double quotes (inner quotes doubled) and join with `AND`; never pass raw text to MATCH. Tests cover `a.b@c.d`, `HP-2291`, `"unbalanced`, `c++` and `-foo`.',
    debugging:
      "Collected the failing queries from the error logs (`grep 'fts5: syntax error'`), turned each into a test case.",
    tags: ["fts5", "input-validation", "crash"],
    links: [{ label: "PR #4091", url: pr(4091) }],
    toil: [{ description: TOIL.answerSupport, minutes: 10 }],
    author: "leo",
    publishedDaysAgo: 323,
  },

  // ------------------------------------------------------------------------------ notifications
  {
    key: "receipt-poison-message",
    component: "notifications",
    resolution: "fixed",
    title: "E-mail receipts delayed by hours: worker stuck on one message",
    symptom: md(
      "Payment receipts arrive up to two hours late. The notification worker's log repeats, every few seconds:",
      "",
      "```",
      "TypeError: Cannot read properties of undefined (reading 'email')",
      "    at ReceiptMailer.send (app/notifications/mailers/receipt.ts:31:42)",
      "    at NotificationWorker.handle (app/notifications/worker.server.ts:77:9)",
      "message_id=0x5f20ab queue=receipts",
      "```",
      "",
      "Restarting the worker helps for a while.",
    ),
    rootCause:
      "A receipt for a payment whose customer had been deleted (GDPR erasure) had `payment.customer === undefined`. The worker retried the failing message forever at the head of the queue, and everything behind it waited until a restart shuffled the consumers.",
    fix: "Receipts for erased customers are skipped with a log line; more importantly, `NotificationWorker.handle` now moves a message to the dead-letter queue after 5 failed attempts (`maxAttempts`), with an alert on the queue's size.",
    debugging: md(
      "- The same `message_id` in every error line gave it away.",
      "- Looked up the payment: customer erased the day before.",
      "- Checked the queue config: no `maxAttempts`, no dead-letter queue.",
    ),
    tags: ["queue", "dead-letter", "receipts", "worker"],
    links: [
      { label: "PR #4120", url: pr(4120) },
      {
        label: "Runbook: notification worker",
        url: "https://wiki.hanbitpay.test/runbooks/notification-worker",
      },
    ],
    toil: [
      { description: TOIL.restartWorker, minutes: 15 },
      { description: TOIL.restartWorker, minutes: 15 },
      { description: TOIL.restartWorker, minutes: 10 },
      { description: TOIL.answerSupport, minutes: 20 },
    ],
    author: "daniel",
    verifier: "lead",
    publishedDaysAgo: 331,
    verifiedDaysAgo: 324,
  },
  {
    key: "webhook-econnreset",
    component: "notifications",
    resolution: "cannot_reproduce",
    title: "Merchant webhooks fail with ECONNRESET at night",
    symptom: md(
      "A few merchants' webhook endpoints see failed deliveries between 02:00 and 03:00 KST:",
      "",
      "```",
      "WebhookDeliveryError: read ECONNRESET (endpoint=https://shop.example.test/hooks/hanbit, event=payment.succeeded, delivery=whd_77c3f1)",
      "    at TLSSocket.socketErrorListener (node:_http_client:501:9)",
      "```",
      "",
      "The retries an hour later succeed.",
    ),
    rootCause:
      "Suspected: the merchants' hosting restarts or rotates its load balancers nightly and resets idle keep-alive connections we reuse. Ruled out: our egress proxy (no errors in its log), TLS certificate changes (same certificate before and after), payload size.",
    fix: md(
      "What to capture next time:",
      "",
      "- `WEBHOOK_DEBUG=1` for the affected endpoint, which logs socket reuse and timing;",
      "- whether the failing deliveries reused a keep-alive socket (`reusedSocket` in the log line);",
      "- the merchant's load balancer or hosting maintenance window.",
    ),
    debugging:
      "Sent test events to the three endpoints every minute for two nights from staging: no resets.",
    tags: ["webhooks", "network", "keep-alive"],
    links: [{ label: "Issue #4142", url: issue(4142) }],
    toil: [
      { description: TOIL.replayWebhooks, minutes: 20 },
      { description: TOIL.replayWebhooks, minutes: 20 },
      { description: TOIL.replayWebhooks, minutes: 25 },
    ],
    author: "sam",
    publishedDaysAgo: 45,
  },
  {
    key: "duplicate-sms",
    component: "notifications",
    resolution: "fixed",
    title: "Customers get the payment confirmation SMS twice",
    symptom:
      "Some customers receive two identical confirmation texts a few seconds apart. The SMS provider's log shows two sends with different `smsDispatchId`s for the same payment `pay_0c93d8`.",
    rootCause:
      "`SmsClient.send` retried on a 504 from the provider, but a 504 there means *accepted, answer late*: the first message had already gone out. Each retry generated a new `smsDispatchId`, so the provider could not deduplicate.",
    fix: "Generate `smsDispatchId` once per notification (from the notification id) and reuse it on retries; the provider drops repeats of the same id within 24 hours.",
    debugging:
      "Matched our send log against the provider's delivery report by phone number and minute.",
    tags: ["sms", "retries", "idempotency"],
    links: [
      { label: "PR #4215", url: pr(4215) },
      { label: "SMS provider: deduplication", url: "https://docs.sms.test/api#dedup" },
    ],
    toil: [{ description: TOIL.answerSupport, minutes: 15 }],
    author: "fatima",
    verifier: "daniel",
    publishedDaysAgo: 24,
    verifiedDaysAgo: 20,
  },
  {
    key: "worker-oom",
    component: "notifications",
    resolution: "fixed",
    title: "Notification worker killed for running out of memory every few days",
    symptom: md(
      "The notification worker restarts every two to four days:",
      "",
      "```",
      "FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory",
      " 1: 0xb7a940 node::Abort() [node]",
      "<--- JS stacktrace --->",
      "    at TemplateCache.get (app/notifications/templates/cache.ts:22:18)",
      "```",
    ),
    rootCause:
      "`TemplateCache` keyed compiled templates by merchant id, locale and `template.updatedAt` (`merchantId:locale:updatedAt`) and never evicted. Every template edit added an entry, and a merchant with an automated branding tool edited theirs hundreds of times a day.",
    fix: "Key by `merchantId:locale:templateId`, replace on update, and bound the cache with an LRU of 2,000 entries. Heap stays flat at about 180 MB over a week.",
    debugging: md(
      "Took two heap snapshots an hour apart (`node --heapsnapshot-signal=SIGUSR2`) and compared them in Chrome DevTools: 40,000 new compiled templates.",
    ),
    tags: ["memory-leak", "cache", "worker"],
    links: [{ label: "PR #4240", url: pr(4240) }],
    toil: [
      { description: TOIL.restartWorker, minutes: 10 },
      { description: TOIL.restartWorker, minutes: 10 },
      { description: TOIL.restartWorker, minutes: 15 },
      { description: TOIL.restartWorker, minutes: 10 },
    ],
    author: "noah",
    verifier: "daniel",
    publishedDaysAgo: 19,
    verifiedDaysAgo: 14,
  },
  {
    key: "kakao-template-ko",
    component: "notifications",
    resolution: "config_change",
    title: "알림톡 발송 실패: 템플릿 코드 불일치 (3018)",
    symptom: md(
      "결제 완료 알림톡이 전혀 발송되지 않음. 워커 로그:",
      "",
      "```",
      "KakaoAlimtalkError: 3018 template not matched (templateCode=HP_RECEIPT_02)",
      "    at AlimtalkClient.send (app/notifications/kakao/client.server.ts:58:13)",
      "```",
      "",
      "SMS 대체 발송도 꺼져 있어 고객이 아무 알림도 받지 못함.",
    ),
    rootCause:
      "마케팅팀이 카카오 비즈센터에서 영수증 템플릿 문구를 고치면서 새 템플릿 `HP_RECEIPT_03` 으로 재승인받음. 운영 설정 `KAKAO_TEMPLATE_RECEIPT` 는 예전 코드 `HP_RECEIPT_02` 그대로였음.",
    fix: md(
      "`KAKAO_TEMPLATE_RECEIPT` 를 `HP_RECEIPT_02` → `HP_RECEIPT_03` 으로 변경하고 워커 재시작.",
      "",
      "확인: 테스트 결제 후 알림톡 수신, 비즈센터 발송 통계.",
      "재발 방지: 템플릿 변경은 개발팀 채널에 공유하기로 함 (마케팅팀과 합의).",
    ),
    debugging: "에러 코드 3018 을 카카오 문서에서 찾고, 비즈센터의 템플릿 목록과 설정값 비교.",
    tags: ["알림톡", "kakao", "config"],
    links: [{ label: "카카오 알림톡 오류 코드", url: "https://docs.kakao.test/alimtalk/errors" }],
    toil: [
      { description: TOIL.restartWorker, minutes: 10 },
      { description: TOIL.answerSupport, minutes: 20 },
    ],
    author: "jiwoo",
    verifier: "yuna",
    publishedDaysAgo: 52,
    verifiedDaysAgo: 47,
  },
  {
    key: "quiet-hours-push",
    component: "notifications",
    resolution: "works_as_designed",
    title: "Push notifications not shown on iOS at night",
    symptom:
      "Merchants using the iOS app say payout notifications sent at night never appear, and only show up in the app's inbox in the morning.",
    rootCause:
      "Payout notifications sent between 22:00 and 08:00 in the merchant's time zone are delivered with `interruption-level: passive` during the merchant's quiet hours (a setting, on by default), so iOS adds them to the notification centre silently without a banner.",
    fix: 'Expected behaviour: quiet hours are on by default for non-urgent notifications; urgent ones (failed payouts, security alerts) always alert. Merchants can turn quiet hours off in *Settings → Notifications*. Specified in the notifications spec, "Quiet hours".',
    debugging:
      "Sent a test payout notification at 23:00 on a test device; read `PushSender.levelFor()`.",
    tags: ["push", "ios", "quiet-hours"],
    links: [
      {
        label: "Notifications spec: quiet hours",
        url: "https://wiki.hanbitpay.test/specs/notifications#quiet-hours",
      },
    ],
    toil: [{ description: TOIL.answerSupport, minutes: 15 }],
    author: "aiko",
    publishedDaysAgo: 6,
  },
  {
    key: "receipts-spam-dkim",
    component: "notifications",
    resolution: "config_change",
    title: "Receipt e-mails land in Gmail's spam folder",
    symptom:
      "From one morning, merchants' customers find receipts in spam. Gmail's *Show original* says `DKIM: FAIL with domain hanbitpay.test` and `dmarc=fail`.",
    rootCause:
      "The e-mail provider rotated our DKIM key to selector `hp2` on its side, but the `hp2._domainkey` DNS record was never added; mail was signed with a key nobody could look up.",
    fix: "Added the `hp2._domainkey.hanbitpay.test` TXT record from the provider's console. Check with `dig +short TXT hp2._domainkey.hanbitpay.test` and a test receipt to a Gmail address (`DKIM: PASS`).",
    debugging:
      "Read the headers of a receipt in spam; compared the `s=` selector in `DKIM-Signature` with our DNS zone.",
    tags: ["email", "dkim", "dns", "deliverability"],
    links: [{ label: "DNS change DNS-58", url: "https://wiki.hanbitpay.test/changes/dns-58" }],
    toil: [{ description: TOIL.answerSupport, minutes: 30 }],
    author: "daniel",
    verifier: "lead",
    publishedDaysAgo: 201,
    verifiedDaysAgo: 178,
  },

  // ------------------------------------------------------------------------------ imports
  {
    key: "settlement-record-length",
    component: "imports",
    resolution: "fixed",
    title: "Settlement CSV import fails: Invalid Record Length on refund lines",
    symptom: md(
      "The daily settlement import from the acquirer stops with:",
      "",
      "```",
      "CsvError: Invalid Record Length: expect 12, got 13 on line 4187",
      "    at Parser.__onRecord (node_modules/csv-parse/dist/cjs/index.cjs:940:11)",
      "    at importSettlementFile (app/imports/settlement.server.ts:74:20)",
      "```",
      "",
      "Only on days with refunds.",
    ),
    rootCause:
      "The acquirer's format (v3.2) adds a 13th column, `original_transaction_id`, on refund lines only. Our parser expected exactly 12 columns everywhere.",
    fix: "Parse with named columns from the v3.2 header, allow the optional 13th column on refund lines (`relax_column_count` with a per-line check that only refunds have 13), and link refunds to their original transactions.",
    debugging: md(
      "`sed -n 4187p settlement-20250612.csv` showed the refund line with the extra column.",
      "The acquirer's changelog for v3.2 confirmed it.",
    ),
    tags: ["csv", "settlement", "acquirer"],
    links: [
      { label: "PR #4175", url: pr(4175) },
      { label: "Acquirer file format v3.2", url: "https://docs.acquirer.test/settlement/v3.2" },
    ],
    toil: [
      { description: TOIL.reimportRows, minutes: 40 },
      { description: TOIL.reimportRows, minutes: 35 },
    ],
    author: "ana",
    verifier: "mentor",
    publishedDaysAgo: 226,
    verifiedDaysAgo: 130,
  },
  {
    key: "euc-kr-garbled",
    component: "imports",
    resolution: "fixed",
    title: "정산 파일 가져오기 후 가맹점 이름이 깨짐 (EUC-KR)",
    symptom: md(
      "국내 카드사 정산 파일을 가져오면 가맹점 이름이 `�����` 또는 `°¡¸ÍÁ¡` 처럼 깨져서 저장됨. 영문 이름은 정상.",
      "",
      "Merchant names from the domestic card company's settlement file are stored garbled.",
    ),
    rootCause:
      '카드사 파일은 EUC-KR (CP949) 인코딩인데 `readSettlementFile()` 이 항상 `buffer.toString("utf8")` 로 읽음.',
    fix: '파일 앞부분으로 인코딩을 판별 (UTF-8 BOM, 유효한 UTF-8 여부) 하고, 아니면 `new TextDecoder("euc-kr")` 로 디코딩. 가져오기 미리보기에 감지된 인코딩을 표시. 깨진 채 저장된 87건은 원본 파일로 다시 가져옴.',
    debugging:
      "`file -i settlement.csv` → `charset=iso-8859-1` (잘못된 추정). `iconv -f cp949 -t utf8` 로 변환하니 정상 → CP949 확인.",
    tags: ["encoding", "euc-kr", "csv", "한글"],
    links: [{ label: "PR #4205", url: pr(4205) }],
    toil: [{ description: TOIL.reimportRows, minutes: 30 }],
    author: "jiwoo",
    verifier: "mentor",
    publishedDaysAgo: 139,
    verifiedDaysAgo: 131,
  },
  {
    key: "import-duplicates",
    component: "imports",
    resolution: "data_fix",
    title: "Re-running a failed import duplicated 1,312 transactions",
    symptom:
      "After a settlement import failed half-way and was re-run, the merchant dashboard showed doubled revenue for 14 June; the transactions list has pairs with the same acquirer reference (`acq_ref` like `A2506140001932`).",
    rootCause:
      "The import committed in batches of 500 without recording which batches were done, and `transactions.acq_ref` had no unique index, so the re-run inserted the first batches again. Now prevented by the unique index `transactions_acq_ref` and upserts.",
    fix: md(
      "Backup first (`backups/2025-06-15-transactions.db`). Then kept the oldest row of each pair:",
      "",
      "```sql",
      "DELETE FROM transactions WHERE id IN (",
      "  SELECT id FROM (SELECT id, row_number() OVER (PARTITION BY acq_ref ORDER BY id) AS n",
      "                  FROM transactions WHERE settlement_date = '2025-06-14') WHERE n > 1);",
      "-- 1312 rows",
      "```",
      "",
      "Then recomputed the day's merchant balances with `scripts/recompute-balances.ts --date 2025-06-14`.",
    ),
    debugging:
      "`select acq_ref, count(*) from transactions group by 1 having count(*) > 1` found the pairs, all from the same import run id.",
    tags: ["duplicates", "settlement", "idempotency"],
    links: [
      { label: "Data fix request DF-131", url: "https://wiki.hanbitpay.test/data-fixes/131" },
    ],
    toil: [
      { description: TOIL.reimportRows, minutes: 30 },
      { description: "Recomputed merchant balances by hand", minutes: 45 },
    ],
    author: "mentor",
    verifier: "lead",
    publishedDaysAgo: 191,
    verifiedDaysAgo: 90,
  },
  {
    key: "dst-cron-skip",
    component: "imports",
    resolution: "config_change",
    title: "EU settlement import skipped on the night clocks go forward",
    symptom:
      "On 30 March the European acquirer's settlement file was never imported; EU merchants saw no payouts that day. No error was logged: the job simply did not run.",
    rootCause:
      "The job was scheduled `30 2 * * *` in `Europe/Berlin`. On the last Sunday of March, 02:00–03:00 does not exist there, so the scheduler skipped it.",
    fix: 'Scheduled the job in UTC (`30 0 * * *`, `tz: "UTC"`) in `config/schedules.ts`. Check with `npm run schedules:list`, which prints the next five run times.',
    debugging:
      "Compared the scheduler's run history with the calendar; the missing day was the DST change.",
    tags: ["cron", "dst", "timezones", "scheduler"],
    links: [{ label: "PR #4111", url: pr(4111) }],
    toil: [{ description: TOIL.reimportRows, minutes: 25 }],
    author: "leo",
    verifier: "mentor",
    publishedDaysAgo: 281,
    verifiedDaysAgo: 276,
  },
  {
    key: "import-stuck-99",
    component: "imports",
    resolution: "cannot_reproduce",
    title: "Import progress bar stuck at 99%",
    symptom:
      "A merchant uploading a 40 MB product catalogue says the progress bar stayed at 99% for an hour. The import itself finished (`import_run ir_3a91c0` is `completed`).",
    rootCause:
      "Suspected: the browser missed the final server-sent event (`import.completed`) because a corporate proxy buffers `text/event-stream`. Ruled out: the import job (completed in 4 minutes), our EventSource reconnect logic (tested by killing the connection).",
    fix: md(
      "What to capture next time: the browser's network tab for `/imports/:id/events` (is the stream open, which events arrived), whether the user is behind a proxy or VPN, and the `import_run` id.",
      "",
      "Meanwhile, reloading the page shows the real status.",
    ),
    debugging:
      "Uploaded the same file five times from the office and from home: the bar always finished.",
    tags: ["sse", "progress", "proxy"],
    links: [],
    toil: [{ description: TOIL.answerSupport, minutes: 20 }],
    author: "noah",
    publishedDaysAgo: 16,
  },
  {
    key: "decimal-comma",
    component: "imports",
    resolution: "works_as_designed",
    title: "Import rejects amounts like 1.234,56",
    symptom: md(
      "German merchants' product imports fail on every price:",
      "",
      "```",
      'Row 2: amount "1.234,56" is not a number (expected 1234.56)',
      "```",
    ),
    rootCause:
      "The import format requires a dot as the decimal separator and no thousands separator, whatever the merchant's locale, so a file means the same thing everywhere.",
    fix: "Expected behaviour: amounts are plain numbers with a dot (`1234.56`). Specified in the import format reference, which also links a spreadsheet template with the column formats set. Merchants hit it because spreadsheets export with the locale's separators; the error message now says so and links the template.",
    debugging:
      "Read the format reference and `parseAmount()`; checked with Tomás that locale-dependent parsing was rejected on purpose (ambiguity of `1,234`).",
    tags: ["csv", "locale", "amounts"],
    links: [
      { label: "Import format reference", url: "https://docs.hanbitpay.test/imports/format" },
    ],
    toil: [
      { description: TOIL.answerSupport, minutes: 10 },
      { description: TOIL.reimportRows, minutes: 20 },
    ],
    author: "leo",
    verifier: "mentor",
    publishedDaysAgo: 103,
    verifiedDaysAgo: 99,
  },
  {
    key: "payload-too-large",
    component: "imports",
    resolution: "config_change",
    title: "Large catalogue uploads fail with PayloadTooLargeError",
    symptom: md(
      "Uploading a catalogue over 10 MB shows *Something went wrong*. Server log:",
      "",
      "```",
      "PayloadTooLargeError: request entity too large",
      "    at readStream (node_modules/raw-body/index.js:163:17)",
      "limit=10485760 length=27844113",
      "```",
    ),
    rootCause:
      "`IMPORT_MAX_BYTES` was added for the import route at 50 MB, but the global body limit in `app/server/app.ts` (`BODY_LIMIT`, 10 MB) runs first and was never raised for that route.",
    fix: "Set `BODY_LIMIT=60mb` for the upload path only (`/imports/upload`) and left 1 MB everywhere else. Check: uploading the 27 MB sample in `fixtures/imports/large-catalogue.csv` succeeds.",
    debugging: "The `limit=10485760` in the log was 10 MB, not 50: grepped for it.",
    tags: ["uploads", "limits", "config"],
    links: [{ label: "PR #4290", url: pr(4290) }],
    toil: [{ description: TOIL.reimportRows, minutes: 15 }],
    author: "mentor",
    publishedDaysAgo: 40,
  },

  // ------------------------------------------------------------------------------ web-ui
  {
    key: "safari-lookbehind",
    component: "web-ui",
    resolution: "fixed",
    title: "Dashboard is blank in Safari 16.3",
    symptom: md(
      "Merchants on older iPads see a white page after log-in. Sentry:",
      "",
      "```",
      "SyntaxError: Invalid regular expression: invalid group specifier name",
      "    at app/ui/format/reference.ts:12 (routes-dashboard-8f3c2a.js:1:20411)",
      "```",
    ),
    rootCause:
      "`formatReference()` used a regular expression with a lookbehind, `/(?<=^HP)-/`, which Safari supports only from 16.4. A syntax error in a module stops the whole bundle.",
    fix: "Rewrote the expression without lookbehind, and added `browserslist` (`safari >= 15`) with the `es-x/no-regexp-lookbehind-assertions` lint rule so it fails in CI.",
    debugging:
      "Reproduced in BrowserStack with Safari 16.3; the Sentry frame pointed to the regex.",
    tags: ["safari", "browser-support", "regex"],
    links: [{ label: "PR #4150", url: pr(4150) }],
    toil: [{ description: TOIL.answerSupport, minutes: 15 }],
    author: "aiko",
    verifier: "priya",
    publishedDaysAgo: 27,
    verifiedDaysAgo: 22,
  },
  {
    key: "datepicker-utc",
    component: "web-ui",
    resolution: "fixed",
    title: "Date filter shows the day before for merchants in Los Angeles",
    symptom:
      "A merchant in `America/Los_Angeles` picks 1 March in the transactions date filter and the chip says *28 Feb*; the results are for the wrong day.",
    rootCause:
      '`DateFilter` turned the picked `2025-03-01` into `new Date("2025-03-01")`, which is midnight UTC, and displayed it in local time: 28 Feb 16:00 in Los Angeles.',
    fix: "Keep picked dates as plain `YYYY-MM-DD` strings end to end; format them with `formatDay()` in UTC. Added a test run with `TZ=America/Los_Angeles`.",
    debugging: "Changed my laptop's time zone to Los Angeles and reproduced at once.",
    tags: ["timezones", "dates", "filters"],
    links: [{ label: "PR #4222", url: pr(4222) }],
    toil: [],
    author: "sam",
    verifier: "priya",
    publishedDaysAgo: 64,
    verifiedDaysAgo: 60,
  },
  {
    key: "hydration-mismatch",
    component: "web-ui",
    resolution: "fixed",
    title: "Hydration error on the transactions page for Korean browsers",
    symptom: md(
      "Browsers set to Korean log, and the table flickers and re-renders:",
      "",
      "```",
      "Error: Text content does not match server-rendered HTML.",
      'Warning: Text content did not match. Server: "Apr 3, 2025" Client: "2025. 4. 3."',
      "    at td",
      "    at TransactionRow (app/ui/transactions/TransactionRow.tsx:41:7)",
      "```",
    ),
    rootCause:
      "`TransactionRow` called `date.toLocaleDateString()` without a locale: the server (en-US) and the browser (ko-KR) produced different text.",
    fix: 'Pass the user\'s locale from the root loader and format with `Intl.DateTimeFormat(locale, { timeZone: "UTC" })` on both sides.',
    debugging:
      "Set Chrome's language to Korean; the warning's Server/Client pair pointed straight at the date cell.",
    tags: ["hydration", "i18n", "dates", "react"],
    links: [{ label: "PR #4198", url: pr(4198) }],
    toil: [],
    author: "noah",
    verifier: "priya",
    publishedDaysAgo: 112,
    verifiedDaysAgo: 106,
  },
  {
    key: "krw-decimals-ko",
    component: "web-ui",
    resolution: "fixed",
    title: "대시보드 금액이 ₩1,234.00 처럼 소수점 두 자리로 표시됨",
    symptom:
      "원화 가맹점의 대시보드 매출 카드와 정산 표에 `₩1,234.00` 처럼 소수점이 표시됨. 원화에는 소수 단위가 없어 가맹점 문의가 계속 들어옴.",
    rootCause:
      "`MoneyText` 컴포넌트가 `minimumFractionDigits: 2` 를 항상 넘김. 통화별 소수 자릿수(`Intl.NumberFormat` 의 기본값)를 덮어씀.",
    fix: "`minimumFractionDigits` 를 제거하고 통화 기본값을 사용 (KRW 0, JPY 0, USD 2). `MoneyText` 테스트에 KRW, JPY, USD 추가.",
    debugging:
      "`new Intl.NumberFormat('ko-KR', { style: 'currency', currency: 'KRW' }).format(1234)` → `₩1,234` 확인 후 컴포넌트의 옵션 비교.",
    tags: ["currency", "i18n", "원화"],
    links: [{ label: "PR #4270", url: pr(4270) }],
    toil: [{ description: TOIL.answerSupport, minutes: 10 }],
    author: "jiwoo",
    verifier: "yuna",
    publishedDaysAgo: 80,
    verifiedDaysAgo: 77,
  },
  {
    key: "export-button-nothing",
    component: "web-ui",
    resolution: "cannot_reproduce",
    title: '"Export CSV" button does nothing',
    symptom:
      "One merchant says clicking *Export CSV* on the transactions page does nothing: no download, no error. Their browser console (screenshot) shows `net::ERR_BLOCKED_BY_CLIENT` for `/transactions/export.csv?from=2025-05-01`.",
    rootCause:
      "Suspected: a browser extension (ad or privacy blocker) blocking URLs containing `export`. Ruled out: server errors (no request reached us), permissions (the user is an admin), file size.",
    fix: "What to capture next time: the list of browser extensions, whether a private window works, and the console line. If extensions are the cause for several merchants, rename the route to `/transactions/download.csv`.",
    debugging:
      "Tried Chrome with uBlock Origin, AdGuard and Privacy Badger: none blocked it with default lists.",
    tags: ["browser-extensions", "export"],
    links: [],
    toil: [{ description: TOIL.answerSupport, minutes: 25 }],
    author: "fatima",
    publishedDaysAgo: 3,
  },
  {
    key: "blank-after-filter-dup",
    component: "web-ui",
    resolution: "duplicate",
    title: "Transactions table flickers and re-renders after filtering",
    symptom:
      "After changing a filter the transactions table goes blank for a moment and then re-renders; the console shows `Text content does not match server-rendered HTML`.",
    rootCause:
      "Same cause as the hydration error write-up: dates formatted with the browser's locale.",
    fix: "See the original; it was fixed in release 2025.07.1. The reporter's browser had an old cached bundle; a reload fixed it.",
    debugging: "Searched Koan for the console message.",
    tags: ["hydration", "react"],
    links: [{ label: "Original write-up", writeup: "hydration-mismatch" }],
    toil: [],
    author: "ana",
    verifier: "priya",
    publishedDaysAgo: 98,
    verifiedDaysAgo: 95,
  },
  {
    key: "refund-button-role",
    component: "web-ui",
    resolution: "works_as_designed",
    title: "Refund button missing for some staff",
    symptom:
      "Merchant staff ask why the *Refund* button is missing on a payment page that their colleague sees it on.",
    rootCause:
      "Refunds need the `refunds:create` permission, which only the *Admin* and *Finance* roles have. The button is hidden, not disabled, for other roles.",
    fix: 'Expected behaviour: only Admin and Finance may refund; the page now shows "Refunds are limited to Admin and Finance roles" where the button would be (issue #4310), so people know whom to ask. Specified in the roles matrix.',
    debugging: "Compared the two users' roles in the admin console.",
    tags: ["permissions", "roles", "refunds"],
    links: [
      { label: "Roles matrix", url: "https://docs.hanbitpay.test/roles" },
      { label: "Issue #4310", url: issue(4310) },
    ],
    toil: [
      { description: TOIL.answerSupport, minutes: 10 },
      { description: TOIL.answerSupport, minutes: 10 },
    ],
    author: "priya",
    publishedDaysAgo: 155,
  },
];

function toInput(seed: SeedWriteup, writeupIds: Map<string, number>): WriteupInput {
  return {
    title: seed.title,
    symptom: seed.symptom,
    component: seed.component,
    rootCause: seed.rootCause,
    fix: seed.fix,
    debugging: seed.debugging,
    resolution: seed.resolution,
    tags: seed.tags,
    links: seed.links.map((link) => {
      if (link.url) return { label: link.label, url: link.url };
      const id = link.writeup ? writeupIds.get(link.writeup) : undefined;
      if (id === undefined) throw new Error(`Seed write-up link to unknown "${link.writeup}"`);
      return { label: link.label, url: `/kb/${id}` };
    }),
    toil: seed.toil,
  };
}

/** Creates the demo's published write-ups, oldest first, with their verifications. */
export async function seedWriteups(
  db: DB,
  input: { userIds: Record<string, number>; now: Date },
): Promise<void> {
  const userId = (key: string) => {
    const id = input.userIds[key];
    if (id === undefined) throw new Error(`Seed write-ups need the demo user "${key}"`);
    return id;
  };
  const writeupIds = new Map<string, number>();
  const oldestFirst = [...SEED_WRITEUPS].sort((a, b) => b.publishedDaysAgo - a.publishedDaysAgo);
  for (const seed of oldestFirst) {
    // A few minutes' spread within the day, so same-day write-ups keep a stable order.
    const publishedAt = addDays(input.now, -seed.publishedDaysAgo - (writeupIds.size % 7) / 100);
    const authorId = userId(seed.author);
    const id = await writeTransaction(db, async (trx) => {
      const id = await insertWriteup(
        trx,
        { authorId, writeup: toInput(seed, writeupIds), status: "published" },
        publishedAt,
      );
      if (seed.verifier && seed.verifiedDaysAgo !== undefined) {
        const verifierId = userId(seed.verifier);
        const verifiedAt = addDays(input.now, -seed.verifiedDaysAgo);
        await markVerified(trx, { writeupId: id, verifierId }, verifiedAt);
        await recordAudit(
          trx,
          {
            actorId: verifierId,
            action: "writeup.verified",
            subjectType: "writeup",
            subjectId: id,
          },
          verifiedAt,
        );
      }
      return id;
    });
    writeupIds.set(seed.key, id);
  }
}
