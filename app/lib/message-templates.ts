import { formatDay } from "./time";

// Every sentence Koan sends by e-mail or Slack, in one module: the Korean UI issue translates
// this file. English only for now. A template returns the finished message (subject, plain text,
// simple HTML); links are absolute, built from APP_ORIGIN by the caller.

export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

const escapeHtml = (value: string) =>
  value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");

/** A paragraph of plain text, or a link on its own line. */
type Block = { p: string } | { link: string; label: string } | { list: string[] };

function render(subject: string, greeting: string, blocks: Block[]): MailContent {
  const text = [
    greeting,
    ...blocks.map((b) =>
      "p" in b
        ? b.p
        : "link" in b
          ? `${b.label}: ${b.link}`
          : b.list.map((i) => `- ${i}`).join("\n"),
    ),
    "— Koan",
  ].join("\n\n");
  const html = [
    '<!doctype html><html><body style="font-family:sans-serif;line-height:1.5;max-width:36em">',
    `<p>${escapeHtml(greeting)}</p>`,
    ...blocks.map((b) =>
      "p" in b
        ? `<p>${escapeHtml(b.p)}</p>`
        : "link" in b
          ? `<p><a href="${escapeHtml(b.link)}">${escapeHtml(b.label)}</a></p>`
          : `<ul>${b.list.map((i) => `<li>${escapeHtml(i)}</li>`).join("")}</ul>`,
    ),
    '<p style="color:#666">— Koan</p>',
    "</body></html>",
  ].join("\n");
  return { subject, text, html };
}

const hello = (name: string | null) => (name ? `Hello ${name},` : "Hello,");

const ROLE_WORDS = { newcomer: "a newcomer", mentor: "a mentor", lead: "a lead" } as const;

export function inviteMail(input: {
  name: string | null;
  role: keyof typeof ROLE_WORDS;
  inviterName: string;
  link: string;
  expiresAt: string;
}): MailContent {
  return render(`${input.inviterName} invited you to Koan`, hello(input.name), [
    {
      p: `${input.inviterName} invited you to join Koan as ${ROLE_WORDS[input.role]}. Koan is where your team onboards engineers through real support tickets, with a mentor and a knowledge base.`,
    },
    { link: input.link, label: "Accept the invite and choose a password" },
    {
      p: `The link works once and until ${formatDay(input.expiresAt)}. If you did not expect it, ignore this mail.`,
    },
  ]);
}

export function passwordResetMail(input: {
  name: string | null;
  link: string;
  expiresAt: string;
}): MailContent {
  return render("Reset your Koan password", hello(input.name), [
    { p: "A lead made a password reset link for your Koan account." },
    { link: input.link, label: "Choose a new password" },
    {
      p: `The link works once and until ${formatDay(input.expiresAt)}. If you did not ask for it, tell your lead.`,
    },
  ]);
}

export function evidenceReviewedMail(input: {
  name: string;
  reviewerName: string;
  checkpointTitle: string;
  ticketTitle: string;
  approved: boolean;
  comment: string;
  link: string;
}): MailContent {
  const verdict = input.approved ? "approved" : "asked for changes on";
  return render(
    input.approved
      ? `Approved: ${input.checkpointTitle}`
      : `Changes requested: ${input.checkpointTitle}`,
    hello(input.name),
    [
      {
        p: `${input.reviewerName} ${verdict} your evidence for “${input.checkpointTitle}” on “${input.ticketTitle}”.`,
      },
      ...(input.comment.trim() ? [{ p: `Their comment: ${input.comment.trim()}` }] : []),
      { link: input.link, label: "Open the checkpoint" },
    ],
  );
}

export interface DigestContent {
  reviewsWaiting: { title: string; link: string }[];
  menteesStuck: { title: string; link: string }[];
  ticketsSuggested: { title: string; link: string }[];
}

/** Null when nothing needs the person: no empty digests. */
export function digestMail(
  input: { name: string; settingsLink: string } & DigestContent,
): MailContent | null {
  const sections: [string, { title: string; link: string }[]][] = [
    ["Reviews waiting for you", input.reviewsWaiting],
    ["Mentees who may be stuck", input.menteesStuck],
    ["Starter tickets suggested for you", input.ticketsSuggested],
  ];
  const present = sections.filter(([, items]) => items.length > 0);
  if (!present.length) return null;
  const count = present.reduce((n, [, items]) => n + items.length, 0);
  return render(
    `Koan: ${count} ${count === 1 ? "thing needs" : "things need"} you today`,
    hello(input.name),
    [
      ...present.flatMap(([heading, items]): Block[] => [
        { p: `${heading}:` },
        { list: items.map((i) => `${i.title} — ${i.link}`) },
      ]),
      { p: "You get this mail on days when something needs you, never when nothing does." },
    ],
  );
}

export function testMail(input: { name: string; origin: string }): MailContent {
  return render("Koan test e-mail", hello(input.name), [
    { p: "This is a test from Settings → Integrations. E-mail from Koan works." },
    { link: `${input.origin}/settings/integrations`, label: "Back to Integrations" },
  ]);
}

// Slack: short Block Kit messages. One message lists every item of one kind queued since the
// last message of that kind.

export type SlackKind = "starter_tickets" | "stuck" | "writeup_published" | "test";

export interface SlackItem {
  text: string;
  link: string;
}

const SLACK_HEADINGS: Record<SlackKind, (n: number) => string> = {
  starter_tickets: (n) =>
    n === 1 ? "New starter ticket in the queue" : `${n} new starter tickets in the queue`,
  stuck: (n) => (n === 1 ? "A mentee may be stuck" : `${n} mentees may be stuck`),
  writeup_published: (n) => (n === 1 ? "New write-up published" : `${n} new write-ups published`),
  test: () => "Koan test message",
};

export const SLACK_ITEM_LIMIT = 10;

/** Slack's mrkdwn escapes: &, < and > (its documented three). */
const slackEscape = (value: string) =>
  value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** An incoming-webhook payload: `text` (the notification's fallback) and `blocks`. */
export function slackMessage(kind: SlackKind, items: SlackItem[], moreLink?: string) {
  const heading = SLACK_HEADINGS[kind](items.length);
  const shown = items.slice(0, SLACK_ITEM_LIMIT);
  const lines = shown.map((i) => `• <${i.link}|${slackEscape(i.text.slice(0, 150))}>`);
  const rest = items.length - shown.length;
  if (rest > 0) lines.push(moreLink ? `<${moreLink}|and ${rest} more>` : `and ${rest} more`);
  return {
    text: `${heading}: ${shown.map((i) => i.text).join(", ")}`.slice(0, 3000),
    blocks: [
      { type: "header", text: { type: "plain_text", text: heading.slice(0, 150) } },
      { type: "section", text: { type: "mrkdwn", text: lines.join("\n").slice(0, 3000) } },
    ],
  };
}

export const slackTexts = {
  test: "Slack from Koan works (sent from Settings → Integrations).",
  starterTicket: (title: string, component: string) => `${title} (${component})`,
  stuck: (newcomer: string, ticket: string, days: number) =>
    `${newcomer} on “${ticket}”: no activity for ${days} working days`,
  writeup: (title: string) => title,
};
