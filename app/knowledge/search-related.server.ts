import type { DB } from "#db/client";
import { cachedByVersions } from "~/lib/data-versions.server";
import { englishWords } from "./english-words.server";
import { topId } from "./search-chunks.server";
import type { RelatedInput, SearchInput } from "./search-engine";
import { groupsHeld } from "./search-hits";
import { heldShare } from "./search-pass.server";
import { prepare } from "./search-prepare.server";
import { FUNCTION_WORDS, parseQuery } from "./search-query";
import { asRelatedSearch } from "./search-related-scope.server";
import { rowsFor, textsOf } from "./search-rows.server";
import type { SearchResponse, SearchResult } from "./search-types";

// Which of a ticket's closest write-ups are like it enough to show ("this may already be
// answered"). A search ranks write-ups against each other; a ticket wants to know whether any is
// about the same thing. A long description's words are met by chance in a small knowledge base
// ("still", "users", "shows"), so ranking alone filled the five places with write-ups sharing a
// plain word or two: an accessibility ticket showed log-in and API-key write-ups.

/** Write-ups read for the judgement: more than shown, as some are left out. */
const RELATED_READ = 8;

/** A write-up's score must be this share of the first's at least. */
const SCORE_SHARE = 0.2;
/** …and from this share on it is shown without also sharing a word of its title. */
const CLOSE_SHARE = 0.5;
/** A write-up must hold this share of the text's words (each weighed by rarity) at least… */
const HELD_SHARE = 0.15;
/** …and, below CLOSE_SHARE, its title this share. */
const TITLE_SHARE = 0.05;
/**
 * A write-up must also hold this share of what the one holding the most holds: beside one
 * holding most of the ticket, one holding a third of it shares a plain word or two and is about
 * something else (on the demo's judged tickets it left out 42 write-ups shown, 3 of them judged
 * answers). Just over half: once 후 and 중 were grammar words (search-query.ts), an order e-mail
 * in the spam folder held exactly half of what the answer about signing up again held; at 0.52
 * unrelated write-ups shown a Korean ticket fell from 0.65 to 0.57 (0.65 to 0.59 among 100,000),
 * an English ticket's from 2.17 to 2.00 among 100,000 (2.83 to 2.50 on the cases kept aside),
 * every recall the same; at 0.55 two judged answers were lost.
 */
const HELD_OF_BEST = 0.52;
/**
 * Nothing is shown unless some write-up holds this share: every judged ticket's answer held more
 * (0.27 at least, on the tuned cases), and a ticket nothing answers meets its plain words alone.
 */
const BEST_HELD_SHARE = 0.25;
/** Words of the ticket's title weigh this many times as much as its description's. */
const FOCUS_WEIGHT = 2;

/**
 * The ranked write-ups (best first) like the text enough to show. Measured with `npm run
 * eval:search` (its related cases: judged answers, and tickets nothing answers): on the demo,
 * write-ups shown beside the judged answers fell from 3.5 to 1.8 a ticket in English and from 2.8
 * to 1.5 in Korean (1.8 and 0.8 on the cases kept aside), with the same first write-up and one
 * judged answer in 42 lost; for tickets nothing answers, from 5 to 3.3 and 0.7. Among 100,000
 * write-ups: 3.3 to 2.3 and 3.1 to 1.4, recall 0.80 to 0.76 in English, the same in Korean.
 * HELD_OF_BEST and BEST_HELD_SHARE then took write-ups shown beside the judged answers from 1.7
 * to 1.2 a ticket in English and from 1.3 to 0.7 in Korean (1.8 to 1.3 and 0.8 to 0.5 on the
 * cases kept aside), the first write-up the same; for tickets nothing answers from 3.3 to 1.3 and
 * 0.7 to 0; recall 0.82 to 0.79 in English (three second answers of 64 lost), the same in
 * Korean. Among 100,000: 2.5 to 2.2 and 1.3 to 0.7; nothing answers 4 and 2 to 4 and 0.
 */
export async function likeEnough(
  db: DB,
  input: { text: string; focus?: string },
  ranked: readonly SearchResult[],
): Promise<SearchResult[]> {
  const first = ranked[0];
  if (!first || first.score <= 0) return [];
  const prepared = await prepare(db, parseQuery(input.text), input.focus);
  const { pass, shown } = prepared;
  const focused = new Set(input.focus ? parseQuery(input.focus).terms : []);
  // Function words are neither asked for nor counted (search.server.ts's first pass); a phrase's
  // group, after the words, weighs 1.
  const weights = shown.map((word) =>
    FUNCTION_WORDS.has(word) ? 0 : focused.has(word) ? FOCUS_WEIGHT : 1,
  );
  const total = await topId(db);
  const found = await rowsFor(
    db,
    ranked.map((r) => r.id),
    {},
    ranked.length,
  );
  const rows = new Map(found.map((row) => [row.id, row]));
  const read = ranked.flatMap((r) => {
    const row = rows.get(r.id);
    const share = r.score / first.score;
    if (!row || share < SCORE_SHARE) return [];
    const held = heldShare(groupsHeld(textsOf(row), pass.held), pass.counts, total, weights);
    return [{ r, row, share, held }];
  });
  const best = Math.max(0, ...read.map((x) => x.held));
  if (best < BEST_HELD_SHARE) return [];
  const floor = Math.max(HELD_SHARE, HELD_OF_BEST * best);
  return read
    .filter(({ row, share, held }) => {
      if (held < floor) return false;
      if (share >= CLOSE_SHARE) return true;
      return (
        heldShare(groupsHeld([row.title], pass.held), pass.counts, total, weights) >= TITLE_SHARE
      );
    })
    .map((x) => x.r);
}

/**
 * An error code or error name a ticket quotes: ECONNRESET, ERR_OTP_INVALID, PayloadTooLargeError,
 * KOE006. A write-up quoting the same one is about the same failure, in whatever language the
 * rest of it is written: a Korean ticket's many Korean words outweighed the one code it shares
 * with an English write-up, which then came below write-ups sharing only plain Korean words.
 * Measured with `npm run eval:search`: beside the demo, Korean tickets' related write-ups'
 * recall@5 0.919 -> 0.932 (a ticket quoting ECONNRESET now shows the demo's English write-up)
 * and unjudged write-ups shown 0.65 -> 0.62 a ticket; nothing else moved, among 100,000
 * write-ups either (their generated codes are each quoted by thousands). A Korean particle may
 * follow a code directly ("ECONNRESET으로"): only Latin letters, digits and _ go on one.
 */
const QUOTED_CODE =
  /(?<![A-Za-z0-9_])(?:E[A-Z]{4,}|[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|[A-Z][A-Za-z0-9]*(?:Error|Exception)|[A-Z]{1,5}\d{3,})(?![A-Za-z0-9_])/g;
/** Codes looked up for one text, at most. */
const MAX_CODES = 3;
/** A code held by more write-ups than this says little of any one of them. */
const RARE_CODE = 5;
/** Write-ups quoting a code added, at most, per code. */
const CODE_HOLDERS = 2;

/**
 * The codes `text` quotes, lower-cased as the index holds them, each once, at most MAX_CODES;
 * an English word in capitals ("ERROR", "EMAIL") is none.
 */
export async function quotedCodes(text: string): Promise<string[]> {
  const english = await englishWords();
  const codes = new Set(text.match(QUOTED_CODE)?.map((c) => c.toLowerCase()) ?? []);
  return [...codes].filter((c) => !english.has(c)).slice(0, MAX_CODES);
}

/**
 * The engine's `related` over its search: the search's best for the text, those like it enough,
 * then the write-ups quoting the same rare error code (quotedCodes), kept per process until
 * write-ups change (a busy ticket's page asks again and again).
 */
export function relatedSearch(search: (db: DB, input: SearchInput) => Promise<SearchResponse>) {
  return cachedByVersions(
    ["writeups"],
    async (db: DB, input: RelatedInput): Promise<SearchResult[]> => {
      const limit = input.limit ?? 5;
      const { results } = await asRelatedSearch(() =>
        search(db, {
          q: input.text,
          limit: Math.max(limit, RELATED_READ),
          ...(input.excludeIds ? { excludeIds: input.excludeIds } : {}),
          ...(input.focus ? { focus: input.focus } : {}),
        }),
      );
      const shown = (await likeEnough(db, input, results)).slice(0, limit);
      for (const code of await quotedCodes(input.text)) {
        // The code as a finished word (the space): not the longer names it begins.
        const { results: quoting } = await asRelatedSearch(() =>
          search(db, {
            q: `${code} `,
            limit: RARE_CODE + 1,
            exact: true,
            ...(input.excludeIds ? { excludeIds: input.excludeIds } : {}),
          }),
        );
        if (quoting.length > RARE_CODE) continue;
        // Second, after the write-up most like the ticket as a whole (a later code's before an
        // earlier one's).
        for (const r of quoting.slice(0, CODE_HOLDERS).reverse())
          if (!shown.some((s) => s.id === r.id)) shown.splice(Math.min(1, shown.length), 0, r);
      }
      return shown.slice(0, limit);
    },
    { key: (input) => JSON.stringify(input), max: 200 },
  );
}
