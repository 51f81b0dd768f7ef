import type { Role } from "#db/schema";
import { clip } from "./clip";
import { escapeHtml } from "./escape-html";
import { translate } from "./i18n/catalogs.server";
import { DEFAULT_LOCALE, isLocale, type Locale } from "./i18n/locales";
import type { Translator } from "./i18n/translator";

// Every sentence Koan sends by e-mail or Slack, in one module, in the recipient's language (the
// words are in the "team.mail.*" and "team.slack.*" messages). A template returns the finished
// message (subject, plain text, simple HTML); links are absolute, built from APP_ORIGIN by the
// caller.

export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

/** A paragraph of plain text, or a link on its own line. */
type Block = { p: string } | { link: string; label: string } | { list: string[] };

function render(tr: Translator, subject: string, greeting: string, blocks: Block[]): MailContent {
  const signOff = tr.t("team.mail.signOff");
  const text = [
    greeting,
    ...blocks.map((b) =>
      "p" in b
        ? b.p
        : "link" in b
          ? `${b.label}: ${b.link}`
          : b.list.map((i) => `- ${i}`).join("\n"),
    ),
    signOff,
  ].join("\n\n");
  const html = [
    `<!doctype html><html lang="${tr.locale}"><body style="font-family:sans-serif;line-height:1.5;max-width:36em;word-break:keep-all">`,
    `<p>${escapeHtml(greeting)}</p>`,
    ...blocks.map((b) =>
      "p" in b
        ? `<p>${escapeHtml(b.p)}</p>`
        : "link" in b
          ? `<p><a href="${escapeHtml(b.link)}">${escapeHtml(b.label)}</a></p>`
          : `<ul>${b.list.map((i) => `<li>${escapeHtml(i)}</li>`).join("")}</ul>`,
    ),
    `<p style="color:#666">${escapeHtml(signOff)}</p>`,
    "</body></html>",
  ].join("\n");
  return { subject, text, html };
}

/** The recipient's language: their `users.locale`; none set (or an unknown one) is English. */
export function mailLocale(locale: string | null | undefined): Locale {
  return isLocale(locale) ? locale : DEFAULT_LOCALE;
}

const hello = (tr: Translator, name: string | null) =>
  name ? tr.t("team.mail.hello", { name }) : tr.t("team.mail.helloNoName");

/**
 * When a link stops working, on the reader's clock and saying whose: "Dec 6, 2026, 8:30 AM
 * GMT+9", "2026년 12월 6일 08:30 GMT+9". A date alone, in UTC, told a reader in Seoul that a
 * link made in the morning for 24 hours ended the same day.
 */
export function linkEnds(locale: Locale, iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat(locale, {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
    timeZone,
    timeZoneName: "short",
    ...(locale === "ko" ? { hourCycle: "h23" as const } : {}),
  }).format(new Date(iso));
}

export function inviteMail(input: {
  locale: Locale;
  name: string | null;
  role: Role;
  /** Null: the lead is unknown, the mail says "your team lead". */
  inviterName: string | null;
  link: string;
  expiresAt: string;
  /** The reader's time zone, for when the link ends. */
  timeZone: string;
}): MailContent {
  const tr = translate(input.locale);
  const inviter = input.inviterName ?? tr.t("team.mail.yourLead");
  return render(tr, tr.t("team.mail.invite.subject", { inviter }), hello(tr, input.name), [
    { p: tr.t("team.mail.invite.body", { inviter, role: input.role }) },
    { link: input.link, label: tr.t("team.mail.invite.link") },
    {
      p: tr.t("team.mail.invite.expires", {
        day: linkEnds(input.locale, input.expiresAt, input.timeZone),
      }),
    },
  ]);
}

export function passwordResetMail(input: {
  locale: Locale;
  name: string | null;
  link: string;
  expiresAt: string;
  /** The reader's time zone, for when the link ends. */
  timeZone: string;
}): MailContent {
  const tr = translate(input.locale);
  return render(tr, tr.t("team.mail.reset.subject"), hello(tr, input.name), [
    { p: tr.t("team.mail.reset.body") },
    { link: input.link, label: tr.t("team.mail.reset.link") },
    {
      p: tr.t("team.mail.reset.expires", {
        day: linkEnds(input.locale, input.expiresAt, input.timeZone),
      }),
    },
  ]);
}

export function evidenceReviewedMail(input: {
  locale: Locale;
  name: string;
  /** Null: the reviewer is unknown, the mail says "your mentor". */
  reviewerName: string | null;
  checkpointTitle: string;
  ticketTitle: string;
  approved: boolean;
  comment: string;
  link: string;
}): MailContent {
  const tr = translate(input.locale);
  const values = {
    reviewer: input.reviewerName ?? tr.t("team.mail.yourMentor"),
    step: input.checkpointTitle,
    ticket: input.ticketTitle,
  };
  const comment = input.comment.trim();
  return render(
    tr,
    input.approved
      ? tr.t("team.mail.reviewed.subjectApproved", values)
      : tr.t("team.mail.reviewed.subjectChanges", values),
    hello(tr, input.name),
    [
      {
        p: input.approved
          ? tr.t("team.mail.reviewed.approved", values)
          : tr.t("team.mail.reviewed.changes", values),
      },
      ...(comment ? [{ p: tr.t("team.mail.reviewed.comment", { comment }) }] : []),
      { link: input.link, label: tr.t("team.mail.reviewed.link") },
    ],
  );
}

type DigestItem = { title: string; link: string };

export interface DigestContent {
  /** A step waiting for the person's review: who sent it and the step's title. */
  reviewsWaiting: { name: string; step: string; link: string }[];
  menteesStuck: { name: string; ticket: string; days: number; link: string }[];
  /** The newcomer's own steps their mentor asked them to change (the in-app digest counts them). */
  changesRequested: { step: string; ticket: string; link: string }[];
  ticketsSuggested: DigestItem[];
}

/**
 * Null when nothing needs the person: no empty digests. `day` is the person's local date the
 * digest is for ("2026-11-03" on their calendar); `timeZone` is theirs, named in the mail.
 */
export function digestMail(
  input: {
    locale: Locale;
    name: string;
    settingsLink: string;
    day: string;
    timeZone: string;
  } & DigestContent,
): MailContent | null {
  const tr = translate(input.locale, input.timeZone);
  const sections: [string, DigestItem[]][] = [
    [
      tr.t("team.mail.digest.reviews"),
      input.reviewsWaiting.map((r) => ({
        title: tr.t("team.mail.digest.reviewItem", { name: r.name, step: r.step }),
        link: r.link,
      })),
    ],
    [
      tr.t("team.mail.digest.stuck"),
      input.menteesStuck.map((s) => ({
        title: tr.t("team.mail.digest.stuckItem", { name: s.name, ticket: s.ticket, days: s.days }),
        link: s.link,
      })),
    ],
    [
      tr.t("team.mail.digest.changes"),
      input.changesRequested.map((c) => ({
        title: tr.t("team.mail.digest.changesItem", { step: c.step, ticket: c.ticket }),
        link: c.link,
      })),
    ],
    [tr.t("team.mail.digest.suggested"), input.ticketsSuggested],
  ];
  const present = sections.filter(([, items]) => items.length > 0);
  if (!present.length) return null;
  const count = present.reduce((n, [, items]) => n + items.length, 0);
  return render(tr, tr.t("team.mail.digest.subject", { count }), hello(tr, input.name), [
    { p: tr.t("team.mail.digest.date", { date: tr.day(input.day) }) },
    ...present.flatMap(([heading, items]): Block[] => [
      { p: heading },
      { list: items.map((i) => `${i.title} — ${i.link}`) },
    ]),
    { p: tr.t("team.mail.digest.why") },
    {
      link: input.settingsLink,
      label: tr.t("team.mail.digest.when", { timeZone: input.timeZone }),
    },
  ]);
}

export function testMail(input: { locale: Locale; name: string; origin: string }): MailContent {
  const tr = translate(input.locale);
  return render(tr, tr.t("team.mail.test.subject"), hello(tr, input.name), [
    { p: tr.t("team.mail.test.body") },
    { link: `${input.origin}/settings/integrations`, label: tr.t("team.mail.test.link") },
  ]);
}

// Slack: short Block Kit messages. One message lists every item of one kind queued since the
// last message of that kind.

export type SlackKind = "starter_tickets" | "stuck" | "writeup_published" | "test";

export interface SlackItem {
  text: string;
  link: string;
}

// Slack messages go to a channel the whole team reads, not to one person: they are written in the
// team's language (SLACK_LANGUAGE, English by default), passed in by the caller.

const SLACK_HEADINGS: Record<SlackKind, (tr: Translator, n: number) => string> = {
  starter_tickets: (tr, count) => tr.t("team.slack.starterTickets", { count }),
  stuck: (tr, count) => tr.t("team.slack.stuck", { count }),
  writeup_published: (tr, count) => tr.t("team.slack.writeups", { count }),
  test: (tr) => tr.t("team.slack.testHeading"),
};

export const SLACK_ITEM_LIMIT = 10;
/** Slack's limits: a header's text, a section's text, and how much of one item a line shows. */
const SLACK_HEADER_MAX = 150;
const SLACK_TEXT_MAX = 3000;
const SLACK_ITEM_MAX = 150;

/** Slack's mrkdwn escapes: &, < and > (its documented three). */
const slackEscape = (value: string) =>
  value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** At most `max` characters, never half an emoji, with "…" when something was cut. */
const shorten = (text: string, max: number) =>
  text.length <= max ? text : `${clip(text, max - 1)}…`;

/**
 * An incoming-webhook payload: `text` (the notification's fallback) and `blocks`. Titles come from
 * people and from GitHub issues: escaped in the fallback as in the blocks (a title `<!channel>`
 * would otherwise ping the whole channel), cut between characters, and lines that don't fit
 * Slack's 3,000 characters are counted in "and N more" instead of being cut mid-link.
 */
export function slackMessage(
  kind: SlackKind,
  items: SlackItem[],
  options: { locale?: Locale; moreLink?: string } = {},
) {
  const { moreLink } = options;
  const tr = translate(options.locale ?? DEFAULT_LOCALE);
  const heading = SLACK_HEADINGS[kind](tr, items.length);
  const lines: string[] = [];
  let length = 0;
  for (const item of items.slice(0, SLACK_ITEM_LIMIT)) {
    const line = `• <${item.link}|${slackEscape(shorten(item.text, SLACK_ITEM_MAX))}>`;
    // Room is kept for the "and N more" line.
    if (length + line.length + 1 > SLACK_TEXT_MAX - 100) break;
    lines.push(line);
    length += line.length + 1;
  }
  const shown = items.slice(0, lines.length);
  const rest = items.length - shown.length;
  const more = tr.t("team.slack.more", { count: rest });
  if (rest > 0) lines.push(moreLink ? `<${moreLink}|${slackEscape(more)}>` : slackEscape(more));
  const fallback = `${heading}: ${shown.map((i) => shorten(i.text, SLACK_ITEM_MAX)).join(", ")}`;
  return {
    text: slackEscape(shorten(fallback, SLACK_TEXT_MAX / 5)),
    blocks: [
      { type: "header", text: { type: "plain_text", text: shorten(heading, SLACK_HEADER_MAX) } },
      { type: "section", text: { type: "mrkdwn", text: lines.join("\n") } },
    ],
  };
}

export const slackTexts = {
  test: (locale: Locale) => translate(locale).t("team.slack.test"),
  starterTicket: (title: string, component: string) => `${title} (${component})`,
  stuck: (locale: Locale, newcomer: string, ticket: string, days: number) =>
    translate(locale).t("team.slack.stuckItem", { name: newcomer, ticket, days }),
  writeup: (title: string) => title,
};
