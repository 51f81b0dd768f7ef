import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/current-user.server";
import { getMember } from "~/auth/users.server";
import { db } from "~/lib/db.server";
import { invariantFound } from "~/lib/http.server";
import { formatCohort, formatDay } from "~/lib/time";
import { EmptyState } from "~/ui/empty-state";

export const meta: MetaFunction = () => [{ title: "My onboarding · Koan" }];

const JOURNEY = [
  ["Reproduce the bug", "See it happen yourself, and write down the exact steps."],
  ["Find the code", "Trace the symptom to the files and functions involved."],
  ["Root cause", "Explain why it happens, not only where."],
  ["Failing test", "Prove the cause with a test that fails today."],
  ["Fix and review", "Make the test pass and get the change reviewed."],
  ["Ship and verify", "Release it and check the symptom is gone."],
  ["Write-up", "Leave the next engineer a map: symptom, cause, fix, how you found it."],
] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["newcomer"]);
  const member = await getMember(db, user.id);
  invariantFound(member);
  return { name: member.name, cohort: member.cohort, startDate: member.startDate };
}

export default function MyOnboarding() {
  const { name, cohort, startDate } = useLoaderData<typeof loader>();
  return (
    <div className="page">
      <header className="page-header">
        <h1>My onboarding</h1>
        <p className="lede">
          Welcome, {name}.{" "}
          {cohort ? (
            <>
              You're in the {formatCohort(cohort)} cohort
              {startDate ? <>, started {formatDay(`${startDate}T00:00:00Z`)}</> : null}.
            </>
          ) : null}
        </p>
      </header>
      <section aria-labelledby="next-step" className="card">
        <h2 id="next-step">Your next step</h2>
        <EmptyState title="No ticket picked yet">
          <p>
            Your first starter ticket and a suggested mentor will appear here, each with the reason
            it fits you. Until then, read through the steps below: each fix walks through them.
          </p>
        </EmptyState>
      </section>
      <section aria-labelledby="journey" className="card">
        <h2 id="journey">How each fix goes</h2>
        <ol className="journey">
          {JOURNEY.map(([title, text]) => (
            <li key={title}>
              <strong>{title}</strong>
              <span className="muted"> — {text}</span>
            </li>
          ))}
        </ol>
        <p className="muted">
          Nobody expects you to know these yet. Your mentor reviews each step with you.
        </p>
      </section>
    </div>
  );
}
