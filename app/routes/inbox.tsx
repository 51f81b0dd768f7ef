import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import {
  Form,
  Link,
  useActionData,
  useFetcher,
  useLoaderData,
  useRevalidator,
} from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/auth/current-user.server";
import { db } from "~/lib/db.server";
import { idField } from "~/lib/fields";
import { parseForm } from "~/lib/forms";
import { notFound, readForm } from "~/lib/http.server";
import { formatRelative } from "~/lib/time";
import type { BadgeTone } from "~/lib/tone";
import { getInbox } from "~/mentoring/inbox-page.server";
import {
  type InboxGroup,
  type InboxItem,
  markAllRead,
  markRead,
  type NotificationKind,
} from "~/mentoring/notifications.server";
import { Badge } from "~/ui/badge";
import { EmptyState } from "~/ui/empty-state";
import { FormMessage, SubmitButton } from "~/ui/form";
import { useWhileVisible } from "~/ui/while-visible";

export const meta: MetaFunction = () => [{ title: "Inbox · Koan" }];

const readSchema = z.object({
  intent: z.literal("read"),
  notificationId: idField,
});
const readAllSchema = z.object({
  intent: z.literal("read_all"),
  upToId: idField.optional(),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return getInbox(db, { viewerId: user.id });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await readForm(request);
  const intent = formData.get("intent");
  if (intent === "read") {
    const parsed = parseForm(readSchema, formData);
    if (!parsed.ok) {
      return data(
        { intent: "read" as const, formError: "That didn't work. Reload the page and try again." },
        { status: 400 },
      );
    }
    const ok = await markRead(db, {
      userId: user.id,
      notificationId: parsed.data.notificationId,
    });
    if (!ok) throw notFound("There is no such notification in your inbox.");
    return { intent: "read" as const, marked: 1 };
  }
  if (intent === "read_all") {
    const parsed = parseForm(readAllSchema, formData);
    if (!parsed.ok) {
      return data(
        { intent: "read_all" as const, formError: "Reload the page and try again." },
        { status: 400 },
      );
    }
    const marked = await markAllRead(db, { userId: user.id, upToId: parsed.data.upToId });
    return { intent: "read_all" as const, marked };
  }
  return data({ intent: null, formError: "Reload the page and try again." }, { status: 400 });
}

const KIND_LABELS: Record<NotificationKind, string> = {
  review_requested: "Review requested",
  changes_requested: "Changes requested",
  approved: "Approved",
  stuck: "No recent progress",
  new_mentee: "New mentee",
  assignment_resolved: "Resolved",
  help_requested: "Asked for help",
  works_as_designed: "Works as designed",
  nudge: "Check-in",
  claim_released: "Released",
  digest: "Daily digest",
};

const KIND_TONES: Record<NotificationKind, BadgeTone> = {
  review_requested: "accent",
  changes_requested: "warn",
  approved: "good",
  stuck: "warn",
  new_mentee: "accent",
  assignment_resolved: "good",
  help_requested: "bad",
  works_as_designed: "accent",
  nudge: "accent",
  claim_released: "neutral",
  digest: "neutral",
};

export default function Inbox() {
  const { groups, needsYou, unread, maxId, truncated, now } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const revalidator = useRevalidator();
  // An open inbox keeps up: new items and the count arrive on focus and every minute.
  useWhileVisible(() => {
    if (revalidator.state === "idle") revalidator.revalidate();
  });
  const clock = new Date(now);
  const updates = unread - needsYou;
  return (
    <div className="page narrow-wide">
      <header className="page-header page-header-actions">
        <div>
          <h1>Inbox</h1>
          <p className="lede">
            {needsYou > 0
              ? `${needsYou === 1 ? "1 thing needs" : `${needsYou} things need`} you${
                  updates > 0 ? `, and ${updates === 1 ? "1 update" : `${updates} updates`}` : ""
                }. Open one to go straight to it.`
              : updates > 0
                ? `Nothing needs you. ${updates === 1 ? "1 update" : `${updates} updates`} to read.`
                : "You're all caught up."}
          </p>
        </div>
        {unread > 0 ? (
          <Form method="post">
            {maxId !== null ? <input type="hidden" name="upToId" value={maxId} /> : null}
            <SubmitButton intent="read_all" variant="secondary" pendingLabel="Marking all read…">
              Mark all read
            </SubmitButton>
          </Form>
        ) : null}
      </header>
      {actionData && "formError" in actionData ? (
        <FormMessage tone="error">{actionData.formError}</FormMessage>
      ) : actionData?.intent === "read_all" ? (
        <FormMessage tone="success">
          {actionData.marked === 1
            ? "Marked 1 notification read."
            : `Marked ${actionData.marked} notifications read.`}
        </FormMessage>
      ) : null}
      {groups.length === 0 ? (
        <EmptyState title="Nothing needs you right now.">
          <p>
            Reviews to give, answers to your evidence and mentees who need a hand will show up here.
            Meanwhile, the <Link to="/tickets">starter queue</Link> is a good place to look.
          </p>
        </EmptyState>
      ) : (
        <div className="stack inbox">
          {groups.map((group) => (
            <Group key={group.key} group={group} clock={clock} />
          ))}
          {truncated ? (
            <p className="muted small">
              Showing the newest notifications only; older ones that are already read are left out.
            </p>
          ) : null}
        </div>
      )}
    </div>
  );
}

function Group({ group, clock }: { group: InboxGroup; clock: Date }) {
  const headingId = `inbox-${group.key}`;
  return (
    <section className="inbox-group" aria-labelledby={headingId}>
      <h2 id={headingId} className="inbox-group-title">
        {group.title}
        {group.needsYou > 0 ? (
          <span className="muted inbox-group-count"> · {group.needsYou} need you</span>
        ) : group.unread > 0 ? (
          <span className="muted inbox-group-count"> · {group.unread} unread</span>
        ) : null}
      </h2>
      <ul className="inbox-list" aria-labelledby={headingId}>
        {group.items.map((item) => (
          <Item key={item.id} item={item} clock={clock} />
        ))}
      </ul>
    </section>
  );
}

function Item({ item, clock }: { item: InboxItem; clock: Date }) {
  const fetcher = useFetcher<typeof action>();
  // Shown as read as soon as the button is pressed; the loaders catch up after the action.
  const unread = item.unread && fetcher.formData?.get("intent") !== "read";
  const failed = fetcher.data && "formError" in fetcher.data ? fetcher.data.formError : null;
  return (
    <li className={unread ? "inbox-item inbox-unread" : "inbox-item"}>
      <div className="inbox-main">
        <p className="inbox-title">
          {unread ? (
            <>
              <Badge tone="accent">new</Badge>{" "}
            </>
          ) : null}
          <Link to={item.link}>{item.title}</Link>
        </p>
        {item.body ? <p className="inbox-body muted">{item.body}</p> : null}
        <p className="inbox-meta">
          <Badge tone={KIND_TONES[item.kind] ?? "neutral"}>
            {KIND_LABELS[item.kind] ?? "Update"}
          </Badge>{" "}
          {item.count > 1 ? <span className="inbox-fold">{item.count} times, latest </span> : null}
          {item.resolved ? (
            <>
              <Badge tone="good">Done</Badge>{" "}
            </>
          ) : null}
          <time dateTime={item.createdAt} className="muted">
            {formatRelative(item.createdAt, clock)}
          </time>
        </p>
        {failed ? (
          <p className="field-error" role="alert">
            {failed}
          </p>
        ) : null}
      </div>
      {unread ? (
        <fetcher.Form method="post" className="inbox-action">
          <input type="hidden" name="intent" value="read" />
          <input type="hidden" name="notificationId" value={item.id} />
          <button type="submit" className="button button-quiet">
            Mark read<span className="visually-hidden">: {item.title}</span>
          </button>
        </fetcher.Form>
      ) : null}
    </li>
  );
}
