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
  useLoaderData,
  useRevalidator,
  useSearchParams,
} from "@remix-run/react";
import { z } from "zod";
import { requestLocale, requireUser } from "~/auth/current-user.server";
import { db } from "~/lib/db.server";
import { idField, pageField } from "~/lib/fields";
import { parseForm } from "~/lib/forms";
import { notFound, readForm } from "~/lib/http.server";
import { k } from "~/lib/i18n/messages";
import { pageLink } from "~/lib/paging";
import { getInbox } from "~/mentoring/inbox-page.server";
import { markAllRead, markRead } from "~/mentoring/notifications.server";
import { requestInboxCounts } from "~/mentoring/notify.server";
import { EmptyState } from "~/ui/empty-state";
import { FormMessage, SubmitButton } from "~/ui/form";
import { pageTitle, Trans, useT } from "~/ui/i18n";
import { InboxGroup, linkTails } from "~/ui/inbox-list";
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
  const { t, relative } = useT();
  const clock = new Date(now);
  const tails = linkTails(groups, (createdAt) => relative(createdAt, clock));
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
            <InboxGroup key={group.key} group={group} clock={clock} tails={tails} />
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

/** A refusal or error from this page keeps the header and navigation, scripts or not. */
export { RouteErrorBoundary as ErrorBoundary } from "~/ui/error-page";
