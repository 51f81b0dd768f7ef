import type { DB } from "#db/client";
import { translate } from "~/lib/i18n/catalogs.server";
import type { Locale } from "~/lib/i18n/locales";
import { defaultStepKey } from "./default-steps";
import { firstSentence, SUMMARY_MAX, stepSummary } from "./journey";
import { localStepText } from "./step-text.server";
import { currentTrackVersionId, listTrackCheckpoints } from "./tracks.server";

export interface JourneyStep {
  key: string;
  title: string;
  /** One line from the checkpoint's guide; null when there is nothing short to say. */
  summary: string | null;
}

/**
 * The track version a newcomer's fixes follow: the one their newest active assignment was
 * claimed on (an assignment keeps its version when a lead edits the track), or the current
 * version when they have no active assignment (their next claim starts on it).
 */
export async function journeyTrackVersionId(db: DB, newcomerId: number): Promise<number> {
  const active = await db
    .selectFrom("assignments")
    .select("track_version_id")
    .where("newcomer_id", "=", newcomerId)
    .where("status", "=", "active")
    .where("track_version_id", "is not", null)
    .orderBy("claimed_at", "desc")
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
  return active?.track_version_id ?? currentTrackVersionId(db);
}

/**
 * The checkpoints a newcomer's fix goes through, in order, each with one line about it; the
 * default track's steps in `locale` (a lead's own text as written).
 */
export async function listJourneySteps(
  db: DB,
  newcomerId: number,
  locale: Locale = "en",
): Promise<JourneyStep[]> {
  const checkpoints = await listTrackCheckpoints(db, await journeyTrackVersionId(db, newcomerId));
  if (locale === "en") {
    return checkpoints.map((c) => ({ key: c.key, title: c.title, summary: stepSummary(c) }));
  }
  return checkpoints.map((c) => {
    const local = localStepText(c, locale);
    const sentence = firstSentence(local.guide);
    const key = defaultStepKey(c.key);
    const summary =
      sentence && sentence.length <= SUMMARY_MAX
        ? sentence
        : key
          ? translate(locale).t(`mentoring.step.${key}.summary`)
          : null;
    return { key: c.key, title: local.title, summary };
  });
}
