import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { localeFor, requestLocale, requireUser } from "~/auth/current-user.server";
import type { Actor } from "~/auth/policies";
import { db } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { idField } from "~/lib/fields";
import {
  forbidden,
  forbiddenElsewhere,
  forbiddenKeeping,
  notFound,
  readForm,
  typedText,
} from "~/lib/http.server";
import { k } from "~/lib/i18n/messages";
import { cursorParam, windowFrom } from "~/lib/newest";
import { ASSIGNMENT_TEXT_FIELDS, actOnAssignment } from "~/mentoring/assignment-actions.server";
import { getAssignmentPage } from "~/mentoring/assignment-page.server";
import { AssignmentLog, MentorActions, StuckPanel } from "~/ui/assignment-parts";
import { AssignmentHeader, CheckpointTrack, trackSections } from "~/ui/assignment-track";
import { CheckpointCard } from "~/ui/checkpoint-card";
import { FormMessage } from "~/ui/form";
import { contentTitle } from "~/ui/i18n";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  contentTitle(matches, data?.assignment.ticketTitle, "mentoring.assignment.title");

const NOT_FOUND = k("mentoring.assignment.notFound");
/** Evidence is visible to the newcomer, their mentor and leads; nobody else. */
const NOT_YOURS = k("mentoring.assignment.notYours");

function assignmentIdFrom(params: { assignmentId?: string }) {
  const parsed = idField.safeParse(params.assignmentId);
  if (!parsed.success) throw notFound(NOT_FOUND);
  return parsed.data;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const search = new URL(request.url).searchParams;
  const result = await getAssignmentPage(db, {
    assignmentId: assignmentIdFrom(params),
    viewer: { id: user.id, role: user.role },
    stuckWorkingDays: getEnv().STUCK_WORKING_DAYS,
    locale: await requestLocale(request),
    // "Show older" on a step's comments (?step=&before=) and on the log (?notesBefore=)…
    comments: { step: cursorParam(search, "step"), before: cursorParam(search, "before") },
    // … and on a step's evidence (?evidenceStep=&evidenceBefore=).
    evidence: {
      step: cursorParam(search, "evidenceStep"),
      before: cursorParam(search, "evidenceBefore"),
    },
    notes: windowFrom(search, "notesBefore"),
  });
  if (result.ok) return result.page;
  if (result.reason === "not_found") throw notFound(NOT_FOUND);
  // A link from an old notification, or a mentor replaced: whose it is, and its ticket's page.
  throw forbiddenElsewhere(
    result.mentorName
      ? k("mentoring.assignment.notYoursMentored", {
          newcomer: result.newcomerName,
          mentor: result.mentorName,
        })
      : NOT_YOURS,
    { to: `/tickets/${result.ticketId}`, label: k("mentoring.assignment.openTicket") },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const actor: Actor = { id: user.id, role: user.role };
  const assignmentId = assignmentIdFrom(params);
  const formData = await readForm(request);
  const outcome = await actOnAssignment(db, {
    assignmentId,
    actor,
    formData,
    locale: localeFor(request, user),
  });
  switch (outcome.kind) {
    case "done":
      return { success: outcome.success };
    case "refused":
      return data({ formError: outcome.formError }, { status: outcome.status });
    case "invalid":
      return data(outcome.form, { status: outcome.status ?? 400 });
    case "forbidden":
      throw forbidden(outcome.message);
    // The page was theirs when it was drawn: say who has it now, and keep their text.
    case "lost":
      throw forbiddenKeeping(outcome.message, typedText(formData, ASSIGNMENT_TEXT_FIELDS));
    case "not_found":
      throw notFound(outcome.message ?? NOT_FOUND);
    case "moved_on":
    case "go":
      throw redirect(outcome.to);
  }
}

export default function AssignmentPage() {
  const page = useLoaderData<typeof loader>();
  const { assignment, writeup, viewerIsNewcomer, helpCheckpointId, may } = page;
  const actionData = useActionData<typeof action>();
  const formFor = (id: number) =>
    actionData && "checkpointId" in actionData && actionData.checkpointId === id
      ? actionData
      : null;
  const saved = Boolean(actionData && "success" in actionData);
  const mentorFirstName = assignment.mentorName ? firstNameOf(assignment.mentorName) : null;
  const writeupStepId = assignment.checkpoints.find((c) => c.key === "writeup")?.id;
  const card = (c: (typeof assignment.checkpoints)[number], headingLevel: 3 | 4) => (
    <CheckpointCard
      key={c.id}
      headingLevel={headingLevel}
      checkpoint={c}
      viewerIsNewcomer={viewerIsNewcomer}
      form={formFor(c.id)}
      writeup={c.key === "writeup" ? writeup : undefined}
      writeupGone={c.key === "writeup" && page.writeupGone}
      mayRedraft={c.key === "writeup" && may.redraftWriteup}
      mentorFirstName={mentorFirstName}
      askForHelp={may.askForHelp && c.id === helpCheckpointId}
      saved={saved}
    />
  );
  return (
    <div className="page">
      <AssignmentHeader
        assignment={assignment}
        viewerIsNewcomer={viewerIsNewcomer}
        wad={page.decision ?? undefined}
        mayReopen={may.reopen}
      />

      {actionData && "success" in actionData ? (
        <FormMessage tone="success">{actionData.success}</FormMessage>
      ) : null}
      {actionData && "formError" in actionData && actionData.formError ? (
        <FormMessage tone="error">{actionData.formError}</FormMessage>
      ) : null}

      <StuckPanel
        stuck={page.stuck}
        helpRequests={page.helpRequests}
        newcomerName={assignment.newcomerName}
        viewerIsNewcomer={viewerIsNewcomer}
      />

      <CheckpointTrack
        sections={trackSections(
          assignment.checkpoints,
          // A deleted write-up is the newcomer's to draft again: its step is open, even waiting.
          (id) => formFor(id) !== null || (may.redraftWriteup && id === writeupStepId),
        )}
        card={card}
        may={may}
      />

      {may.mentorActions ? (
        <MentorActions
          newcomerName={assignment.newcomerName}
          handOverTo={page.handOverTo}
          stuck={page.stuck !== null}
          saved={saved}
          form={
            actionData && "checkpointId" in actionData && actionData.checkpointId === null
              ? actionData
              : null
          }
        />
      ) : null}
      <AssignmentLog notes={page.notes} />
    </div>
  );
}

/** "Tomás" for "Tomás Rivera" (the browser bundle can't import the server module's). */
function firstNameOf(name: string): string {
  return name.trim().split(/\s+/)[0] ?? name;
}

/** A refusal or error from this page keeps the header and navigation, scripts or not. */
export { RouteErrorBoundary as ErrorBoundary } from "~/ui/error-page";
