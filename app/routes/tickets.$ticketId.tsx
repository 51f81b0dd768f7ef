import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requestLocale, requireUser } from "~/auth/current-user.server";
import { can } from "~/auth/policies";
import { db } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { idField, writeupRefField } from "~/lib/fields";
import { failure, parseForm } from "~/lib/forms";
import { forbidden, invariantFound, notFound, readForm } from "~/lib/http.server";
import { k } from "~/lib/i18n/messages";
import { windowFrom } from "~/lib/newest";
import { changeMentor, claimTicket, reassignTicket, releaseClaim } from "~/mentoring/claims.server";
import { getTicketPage } from "~/mentoring/ticket-page.server";
import { closeAsDuplicate } from "~/mentoring/ticket-status.server";
import { Badge } from "~/ui/badge";
import { FormMessage } from "~/ui/form";
import { contentTitle, useContentLang, useT } from "~/ui/i18n";
import { Difficulty, StatusBadge } from "~/ui/ticket-badges";
import { RelatedWriteups, TicketActivity, TicketTrack, TicketWork } from "~/ui/ticket-page";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  contentTitle(matches, data?.ticket.title, "tickets.page.fallbackTitle");

function ticketIdFrom(params: { ticketId?: string }) {
  const parsed = idField.safeParse(params.ticketId);
  if (!parsed.success) throw notFound(k("tickets.notFound"));
  return parsed.data;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const page = await getTicketPage(db, {
    ticketId: ticketIdFrom(params),
    viewer: user,
    defaultLimit: getEnv().MAX_ACTIVE_ASSIGNMENTS,
    locale: await requestLocale(request),
    // "Show older" on the timeline: the events before ?before=<id>.
    events: windowFrom(new URL(request.url).searchParams),
  });
  invariantFound(page, k("tickets.notFoundLong"));
  return page;
}

const claimSchema = z.object({ intent: z.literal("claim"), mentorId: idField });
const reassignSchema = z.object({ intent: z.literal("reassign"), newcomerId: idField });
const mentorSchema = z.object({ intent: z.literal("mentor"), mentorId: idField });
const duplicateSchema = z.object({ intent: z.literal("close_duplicate"), writeupId: idField });
/** The assignment the closer agreed to end, as the confirmation named it. */
const endsSchema = z.object({ endsAssignment: idField.optional().catch(undefined) });
/** A write-up not among the related ones, named by its number or link. */
const duplicateOfSchema = z.object({ writeup: writeupRefField });

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const ticketId = ticketIdFrom(params);
  const formData = await readForm(request);
  const intent = formData.get("intent");

  if (intent === "claim") {
    if (!can(user, "claimTicket")) throw forbidden(k("tickets.claim.onlyNewcomers"));
    const parsed = claimSchema.safeParse(Object.fromEntries(formData));
    if (!parsed.success) return data({ error: k("tickets.claim.chooseMentor") }, { status: 400 });
    const result = await claimTicket(db, {
      ticketId,
      newcomerId: user.id,
      mentorId: parsed.data.mentorId,
      defaultLimit: getEnv().MAX_ACTIVE_ASSIGNMENTS,
    });
    if (result.ok) return { success: k("tickets.claim.success") };
    const messages = {
      not_found: k("tickets.notFound"),
      not_starter: k("tickets.claim.notStarter"),
      closed: k("tickets.claim.finished"),
      mentor_unavailable: k("tickets.claim.mentorUnavailable"),
    } as const;
    if (result.reason === "taken") {
      const error =
        result.holder === null
          ? k("tickets.claim.takenBySomeone")
          : k(result.recent ? "tickets.claim.taken" : "tickets.claim.held", {
              holder: result.holder,
            });
      return data({ error }, { status: 409 });
    }
    if (result.reason === "limit") {
      return data({ error: k("tickets.claim.limit", { limit: result.limit }) }, { status: 409 });
    }
    if (result.reason === "not_found") throw notFound(messages.not_found);
    if (result.reason === "forbidden") throw forbidden(k("tickets.claim.onlyNewcomers"));
    return data({ error: messages[result.reason] }, { status: 409 });
  }

  if (intent === "close_duplicate") {
    if (!can(user, "closeDuplicate")) throw forbidden(k("tickets.duplicate.only"));
    const typed = formData.has("writeup");
    let writeupId: number;
    if (typed) {
      const parsed = parseForm(duplicateOfSchema, formData);
      if (!parsed.ok) return data(parsed, { status: 400 });
      writeupId = parsed.data.writeup;
    } else {
      const parsed = duplicateSchema.safeParse(Object.fromEntries(formData));
      if (!parsed.success) return data({ error: k("tickets.duplicate.choose") }, { status: 400 });
      writeupId = parsed.data.writeupId;
    }
    const result = await closeAsDuplicate(db, {
      ticketId,
      writeupId,
      actor: { id: user.id, role: user.role },
      endsAssignment: endsSchema.parse(Object.fromEntries(formData)).endsAssignment,
    });
    if (result.ok) return { success: k("tickets.duplicate.success") };
    // Someone is working on it: the page asks before their assignment ends.
    if (result.reason === "ends_work")
      return data(
        {
          confirmEnd: {
            writeupId,
            assignmentId: result.assignmentId,
            newcomerName: result.newcomerName,
          },
        },
        { status: 409 },
      );
    if (typed && result.reason === "no_writeup")
      return data(failure(formData, { writeup: k("tickets.duplicate.noSuchWriteup") }), {
        status: 400,
      });
    if (result.reason === "not_found") throw notFound(k("tickets.notFound"));
    if (result.reason === "forbidden") throw forbidden(k("tickets.duplicate.only"));
    return data(
      {
        error:
          result.reason === "finished"
            ? k("tickets.claim.finished")
            : k("tickets.duplicate.notPublished"),
      },
      { status: 409 },
    );
  }

  if (intent === "release") {
    const released = await releaseClaim(db, { ticketId, newcomerId: user.id });
    if (!released) throw forbidden(k("tickets.release.only"));
    return { success: k("tickets.release.success") };
  }

  if (intent === "reassign" || intent === "mentor") {
    if (!can(user, intent === "reassign" ? "reassignTicket" : "changeMentor"))
      throw forbidden(k("tickets.reassign.only"));
    if (intent === "reassign") {
      const parsed = reassignSchema.safeParse(Object.fromEntries(formData));
      if (!parsed.success)
        return data({ error: k("tickets.reassign.chooseNewcomer") }, { status: 400 });
      const result = await reassignTicket(db, {
        ticketId,
        leadId: user.id,
        newcomerId: parsed.data.newcomerId,
      });
      if (result.ok) return { success: k("tickets.reassign.success") };
      if (result.reason === "not_found") throw notFound(k("tickets.notFound"));
      if (result.reason === "forbidden") throw forbidden(k("tickets.reassign.only"));
      return data(
        {
          error:
            result.reason === "no_claim"
              ? k("tickets.reassign.noClaim")
              : k("tickets.reassign.activeNewcomer"),
        },
        { status: 409 },
      );
    }
    const parsed = mentorSchema.safeParse(Object.fromEntries(formData));
    if (!parsed.success) return data({ error: k("tickets.mentor.choose") }, { status: 400 });
    const result = await changeMentor(db, {
      ticketId,
      leadId: user.id,
      mentorId: parsed.data.mentorId,
    });
    if (result === "changed") return { success: k("tickets.mentor.success") };
    if (result === "forbidden") throw forbidden(k("tickets.reassign.only"));
    return data(
      {
        error: result === "no_claim" ? k("tickets.mentor.noClaim") : k("tickets.mentor.active"),
      },
      { status: 409 },
    );
  }
  return data({ error: k("tickets.action.unknown") }, { status: 400 });
}

export default function TicketPage() {
  const page = useLoaderData<typeof loader>();
  const { ticket, controls } = page;
  const actionData = useActionData<typeof action>();
  const failed = actionData && "errors" in actionData ? actionData : null;
  const { t, day } = useT();
  const { lang, htmlLang } = useContentLang();
  return (
    <div className="page">
      <p>
        <Link to="/tickets" className="back-link">
          {t("tickets.page.back")}
        </Link>
      </p>
      <header className="page-header">
        <h1 lang={lang(ticket.title)}>{ticket.title}</h1>
        <div className="ticket-meta">
          <StatusBadge status={ticket.status} closeReason={ticket.close_reason} />
          {ticket.starter ? <Badge tone="good">{t("tickets.badge.starter")}</Badge> : null}
          <span>{ticket.component}</span>
          <Difficulty level={ticket.difficulty} />
          {ticket.labels.map((l) => (
            <Badge key={l}>{l}</Badge>
          ))}
        </div>
        <p className="muted small">
          {ticket.reporter
            ? t("tickets.page.openedBy", {
                date: day(ticket.created_at),
                reporter: ticket.reporter,
              })
            : t("tickets.page.opened", { date: day(ticket.created_at) })}
          {ticket.url ? (
            <>
              {" · "}
              <a href={ticket.url} rel="noopener noreferrer">
                {ticket.source === "github" ? t("tickets.page.onGitHub") : t("tickets.page.source")}
              </a>
            </>
          ) : null}
          {controls.edit ? (
            <>
              {" · "}
              <Link to={`/tickets/${ticket.id}/edit`}>{t("tickets.page.edit")}</Link>
            </>
          ) : null}
        </p>
      </header>

      {actionData && "success" in actionData ? (
        <FormMessage tone="success">{actionData.success}</FormMessage>
      ) : null}
      {actionData && "error" in actionData ? (
        <FormMessage tone="error">{actionData.error}</FormMessage>
      ) : null}

      <div className="ticket-layout">
        <section aria-labelledby="description-heading" className="card">
          <h2 id="description-heading">{t("tickets.page.description")}</h2>
          {ticket.body.trim() ? (
            // Rendered by marked and sanitised to an allow-list on the server.
            <div
              className="prose"
              lang={htmlLang(ticket.bodyHtml)}
              dangerouslySetInnerHTML={{ __html: ticket.bodyHtml }}
            />
          ) : (
            <p className="muted">{t("tickets.page.noDescription")}</p>
          )}
        </section>
        <TicketWork
          ticket={ticket}
          assignment={ticket.assignment}
          mine={page.mine}
          claimable={page.claimable}
          finished={page.finished}
          controls={controls}
          suggestions={page.suggestions}
          allMentors={page.allMentors}
          newcomers={page.newcomers}
          limitReached={page.limitReached}
          stepsWithEvidence={page.stepsWithEvidence}
          unpaired={page.unpaired}
        />
      </div>

      <RelatedWriteups
        related={page.related}
        canCloseDuplicate={controls.closeDuplicate}
        duplicateOf={{ error: failed?.errors.writeup, value: failed?.values.writeup }}
        confirmEnd={actionData && "confirmEnd" in actionData ? actionData.confirmEnd : null}
      />
      <TicketTrack track={page.track} mine={page.mine} />
      <TicketActivity events={page.events} />
    </div>
  );
}

/** A refusal or error from this page keeps the header and navigation, scripts or not. */
export { RouteErrorBoundary as ErrorBoundary } from "~/ui/error-page";
