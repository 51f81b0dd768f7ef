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
  useSearchParams,
} from "@remix-run/react";
import { useRef } from "react";
import { z } from "zod";
import { requestLocale, requireUser } from "~/auth/current-user.server";
import { db } from "~/lib/db.server";
import { idField, pageField } from "~/lib/fields";
import { parseForm } from "~/lib/forms";
import { notFound, readForm } from "~/lib/http.server";
import { k } from "~/lib/i18n/messages";
import { pageLink } from "~/lib/paging";
import { getInbox, type ShownInboxGroup } from "~/mentoring/inbox-page.server";
import { markAllRead, markRead } from "~/mentoring/notifications.server";
import { requestInboxCounts } from "~/mentoring/notify.server";
import { Badge } from "~/ui/badge";
import { EmptyState } from "~/ui/empty-state";
import { useFocusWhenGone } from "~/ui/focus";
import { FormMessage, SubmitButton } from "~/ui/form";
import { pageTitle, Trans, useContentLang, useT } from "~/ui/i18n";
import { KindBadge } from "~/ui/inbox-kind";
import { Pager } from "~/ui/pager";
import { useWhileVisible } from "~/ui/while-visible";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "team.inbox.title");

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
  const search = new URL(request.url).searchParams;
  return getInbox(db, {
    viewerId: user.id,
    locale: await requestLocale(request),
    page: pageField.parse(search.get("page") ?? undefined),
    // The same numbers the shell's Inbox link shows, asked once for both.
    counts: requestInboxCounts(request, db, user.id),
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await readForm(request);
  const intent = formData.get("intent");
  if (intent === "read") {
    const parsed = parseForm(readSchema, formData);
    if (!parsed.ok) {
      return data(
        { intent: "read" as const, formError: k("core.form.reloadAndRetry") },
        { status: 400 },
      );
    }
    const ok = await markRead(db, {
      userId: user.id,
      notificationId: parsed.data.notificationId,
    });
    if (!ok) throw notFound(k("team.inbox.noSuchNotification"));
    return { intent: "read" as const, marked: 1 };
  }
  if (intent === "read_all") {
    const parsed = parseForm(readAllSchema, formData);
    if (!parsed.ok) {
      return data(
        { intent: "read_all" as const, formError: k("core.form.reloadAndRetry") },
        { status: 400 },
      );
    }
    const marked = await markAllRead(db, { userId: user.id, upToId: parsed.data.upToId });
    return { intent: "read_all" as const, marked };
  }
  return data({ intent: null, formError: k("core.form.reloadAndRetry") }, { status: 400 });
}

export default function Inbox() {
  const { groups, needsYou, unread, maxId, page, pageCount, total, now } =
    useLoaderData<typeof loader>();
  const [search] = useSearchParams();
  const actionData = useActionData<typeof action>();
  const revalidator = useRevalidator();
  // An open inbox keeps up: new items and the count arrive on focus and every minute.
  useWhileVisible(() => {
    if (revalidator.state === "idle") revalidator.revalidate();
  });
  const { t } = useT();
  const clock = new Date(now);
  const updates = unread - needsYou;
  return (
    <div className="page narrow-wide">
      <header className="page-header page-header-actions">
        <div>
          <h1>{t("team.inbox.heading")}</h1>
          <p className="lede">
            {needsYou > 0
              ? t("team.inbox.ledeNeedsYou", { needsYou, updates })
              : updates > 0
                ? t("team.inbox.ledeUpdates", { updates })
                : t("team.inbox.ledeCaughtUp")}
          </p>
        </div>
        {unread > 0 ? (
          <Form method="post">
            {maxId !== null ? <input type="hidden" name="upToId" value={maxId} /> : null}
            <SubmitButton
              intent="read_all"
              variant="secondary"
              pendingLabel={t("team.inbox.markingAllRead")}
            >
              {t("team.inbox.markAllRead")}
            </SubmitButton>
          </Form>
        ) : null}
      </header>
      {actionData && "formError" in actionData ? (
        <FormMessage tone="error">{actionData.formError}</FormMessage>
      ) : actionData?.intent === "read_all" ? (
        <FormMessage tone="success">
          {t("team.inbox.markedRead", { count: actionData.marked })}
        </FormMessage>
      ) : null}
      {groups.length === 0 && total === 0 ? (
        <EmptyState title={t("team.inbox.emptyTitle")}>
          <p>
            <Trans
              k="team.inbox.emptyBody"
              values={{ queue: (chunks) => <Link to="/tickets">{chunks}</Link> }}
            />
          </p>
        </EmptyState>
      ) : (
        <div className="stack inbox">
          {groups.map((group) => (
            <Group key={group.key} group={group} clock={clock} />
          ))}
          <Pager
            page={page}
            pageCount={pageCount}
            href={(n) => pageLink(search, "page", n)}
            label={t("team.inbox.pages")}
            summary={t("team.inbox.pagesSummary", { total })}
          />
        </div>
      )}
    </div>
  );
}

function Group({ group, clock }: { group: ShownInboxGroup; clock: Date }) {
  const { t, msg } = useT();
  const { lang } = useContentLang();
  const headingId = `inbox-${group.key}`;
  // What is done asks nothing more: folded under one line, so the list (on a phone, the screen)
  // is what still needs a look.
  const finished = group.items.filter((item) => item.resolved);
  const open = group.items.filter((item) => !item.resolved);
  const doneLabel = t("team.inbox.finishedFolded", { count: finished.length });
  return (
    <section className="inbox-group" aria-labelledby={headingId}>
      <h2 id={headingId} className="inbox-group-title">
        {group.assignmentId === null ? (
          t("team.inbox.general")
        ) : (
          <span lang={group.titleAsWritten ? lang(group.title) : undefined}>
            {msg(group.title)}
          </span>
        )}
        {group.needsYou > 0 ? (
          <span className="muted inbox-group-count">
            {" · "}
            {t("team.inbox.groupNeedsYou", { count: group.needsYou })}
          </span>
        ) : group.unread > 0 ? (
          <span className="muted inbox-group-count">
            {" · "}
            {t("team.inbox.groupUnread", { count: group.unread })}
          </span>
        ) : null}
      </h2>
      {open.length ? (
        <ul className="inbox-list" aria-labelledby={headingId}>
          {open.map((item) => (
            <Item key={item.id} item={item} clock={clock} />
          ))}
        </ul>
      ) : null}
      {finished.length ? (
        <details className="inbox-finished">
          <summary>{doneLabel}</summary>
          <ul className="inbox-list" aria-label={doneLabel}>
            {finished.map((item) => (
              <Item key={item.id} item={item} clock={clock} />
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}

function Item({ item, clock }: { item: ShownInboxGroup["items"][number]; clock: Date }) {
  const { t, msg, relative } = useT();
  const { lang } = useContentLang();
  const fetcher = useFetcher<typeof action>();
  // Shown as read as soon as the button is pressed; the loaders catch up after the action.
  const unread = item.unread && fetcher.formData?.get("intent") !== "read";
  // "Mark read" goes away once pressed: focus moves to the item's title rather than <body>.
  const title = useRef<HTMLAnchorElement>(null);
  useFocusWhenGone(unread, title);
  const failed = fetcher.data && "formError" in fetcher.data ? fetcher.data.formError : null;
  const titleLang = item.titleAsWritten ? lang(item.title) : undefined;
  return (
    <li className={unread ? "inbox-item inbox-unread" : "inbox-item"}>
      <div className="inbox-main">
        <p className="inbox-title">
          {unread ? (
            <>
              <Badge tone="accent">{t("team.inbox.new")}</Badge>{" "}
            </>
          ) : null}
          <Link ref={title} to={item.link} lang={titleLang}>
            {item.title}
          </Link>
        </p>
        {item.body ? (
          <p className="inbox-body muted" lang={item.bodyAsWritten ? lang(item.body) : undefined}>
            {item.body}
          </p>
        ) : null}
        <p className="inbox-meta">
          <KindBadge kind={item.kind} />{" "}
          {item.count > 1 ? (
            <span className="inbox-fold">{t("team.inbox.folded", { count: item.count })} </span>
          ) : null}
          {item.resolved ? (
            <>
              <Badge tone="good">{t("team.inbox.done")}</Badge>{" "}
            </>
          ) : null}
          <time dateTime={item.createdAt} className="muted">
            {relative(item.createdAt, clock)}
          </time>
        </p>
        {failed ? (
          <p className="field-error" role="alert">
            {msg(failed)}
          </p>
        ) : null}
      </div>
      {unread ? (
        <fetcher.Form method="post" className="inbox-action">
          <input type="hidden" name="intent" value="read" />
          <input type="hidden" name="notificationId" value={item.id} />
          <button type="submit" className="button button-quiet">
            {t("team.inbox.markRead")}
            <span className="visually-hidden">
              {": "}
              <span lang={titleLang}>{item.title}</span>
            </span>
          </button>
        </fetcher.Form>
      ) : null}
    </li>
  );
}
