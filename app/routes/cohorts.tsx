import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requestLocale, requirePermission } from "~/auth/current-user.server";
import { db } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { getCohortsPage } from "~/mentoring/cohorts-page.server";
import {
  CohortCharts,
  CohortFigures,
  CohortPicker,
  CohortsHeader,
  MentorsSection,
  StuckSection,
  ToilSection,
} from "~/ui/cohorts-page";
import { pageTitle } from "~/ui/i18n";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "team.cohorts.title");

const WEEKS = 8;
/** Long lists are cut to their top rows; `?stuck=all` or `?mentors=all` shows every row. */
const SHOWN = 20;

/** `?cohort=2026-09`; anything else (or a cohort nobody started in) shows all cohorts. */
const querySchema = z.object({
  cohort: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
    .optional()
    .catch(undefined),
  stuck: z.literal("all").optional().catch(undefined),
  mentors: z.literal("all").optional().catch(undefined),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "viewCohorts");
  const url = new URL(request.url);
  const query = querySchema.parse({
    cohort: url.searchParams.get("cohort") || undefined,
    stuck: url.searchParams.get("stuck") ?? undefined,
    mentors: url.searchParams.get("mentors") ?? undefined,
  });
  return getCohortsPage(
    db,
    {
      cohort: query.cohort,
      workingDays: getEnv().STUCK_WORKING_DAYS,
      weeks: WEEKS,
      top: SHOWN,
      allStuck: query.stuck === "all",
      allMentors: query.mentors === "all",
      locale: await requestLocale(request),
    },
    new Date(),
  );
}

export default function Cohorts() {
  const d = useLoaderData<typeof loader>();
  const noNewcomers = d.cohorts.length === 0;
  return (
    <div className="page">
      {/* Before anyone joins, figures and charts would only say "0 of 0": the picker's empty
          state says how cohorts begin; toil and mentors' load can exist already. */}
      <CohortsHeader data={d} empty={noNewcomers} />
      <CohortPicker data={d} />
      {noNewcomers ? null : (
        <>
          <CohortFigures data={d} weeks={WEEKS} />
          <CohortCharts data={d} weeks={WEEKS} />
          <StuckSection data={d} top={SHOWN} />
        </>
      )}
      <ToilSection data={d} />
      <MentorsSection data={d} top={SHOWN} />
    </div>
  );
}
