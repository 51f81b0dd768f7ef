import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "#db/client";
import { hangulBigrams } from "#db/search-text";
import { runIntoForms, verbStemOf } from "~/knowledge/korean-verb-forms";
import { cachedSearchWriteups, searchWriteups } from "~/knowledge/search.server";
import { spellingForms } from "~/knowledge/search-forms.server";
import { coverage } from "~/knowledge/search-pass.server";
import { prepare } from "~/knowledge/search-prepare.server";
import {
  groupAtom,
  MAX_PHRASES,
  MAX_TERMS,
  parseQuery,
  stripParticle,
  termOf,
  tokenize,
} from "~/knowledge/search-query";
import { spacedForm } from "~/knowledge/search-readings.server";
import { addSynonym, partnersOf, synonymsOf } from "~/knowledge/search-synonyms.server";
import {
  firstLoad,
  jamoDistance,
  resetVocabulary,
  stems,
  warmSearch,
} from "~/knowledge/search-vocabulary.server";
import { createWriteup, type WriteupInput } from "~/knowledge/writeups.server";
import { seedDemo } from "../../seeds/demo";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { writeupInput } from "../support/fixtures";

// The ranking rules of issue 11, each on write-ups made to tell the right rule from the wrong.

let t: TestDatabase;
const base = writeupInput();
/** Publishes a write-up of a title and symptom into `db` (a test's database of its own). */
const publisherFor =
  (db: DB) =>
  (title: string, symptom = "") =>
    createWriteup(db, {
      authorId: null,
      writeup: { ...base, title, symptom },
      status: "published",
    });
const ids: Record<string, number> = {};
async function add(name: string, over: Partial<WriteupInput>) {
  ids[name] = await createWriteup(t.db, {
    authorId: null,
    writeup: { ...base, ...over },
    status: "published",
  });
}
const found = async (q: string, exact = false) =>
  (await searchWriteups(t.db, { q, exact })).results.map((r) => r.id);
/** The answer, and four write-ups holding commoner words a typo could be read as (the dictionary reread). */
async function withDecoys(
  name: string,
  answer: Partial<WriteupInput>,
  decoy: (i: number) => Partial<WriteupInput>,
) {
  await add(name, answer);
  for (let i = 0; i < 4; i++) await add(`${name}Decoy${i}`, decoy(i));
  resetVocabulary(t.db);
}
/** What a search corrected the query to, and its first result. */
const readAs = async (q: string) => {
  const response = await searchWriteups(t.db, { q });
  return { corrected: response.correctedQuery, first: response.results[0]?.id };
};

/** Runs `body` on a database of its own: its write-ups move no other test's word shares. */
async function onOwnDatabase(
  body: (put: (over: Partial<WriteupInput>) => Promise<number>, db: DB) => Promise<void>,
) {
  const own = await createTestDatabase();
  try {
    const put = (over: Partial<WriteupInput>) =>
      createWriteup(own.db, { authorId: null, writeup: { ...base, ...over }, status: "published" });
    await body(put, own.db);
  } finally {
    await own.close();
  }
}

beforeAll(async () => {
  t = await createTestDatabase();
  // Phrase bonus: both hold "primary" and "key"; one side by side, one far apart and repeated.
  await add("together", {
    title: "Import stalls",
    symptom: "The primary key of the staging table collided with an old row.",
  });
  await add("apart", {
    title: "Import stalls again",
    symptom:
      "The primary replica was slow; primary traffic moved and after a long while the key rotation ran.",
  });
  // Stemming: the write-up says "servers", the query "server".
  await add("stem", { title: "Servers restarted overnight", symptom: "Both servers rebooted." });
  // Prefix group scored once: "sites" and "site" must not count twice against a rarer word.
  await add("twoForms", { title: "Site map", symptom: "site sites site sites" });
  await add("rarer", { title: "Sitemap quokka", symptom: "The site for quokka pages." });
  // Every word counts: the answer shares a common two-word name with the query.
  await add("allWords", {
    title: "Dunning emails stopped",
    symptom: "The dunning schedule skipped retries for the primary card.",
  });
  // Korean: particles, spacing, a one-syllable typo, transliterations.
  await add("push", {
    title: "푸시 알림 지연",
    symptom: "안드로이드에서 푸시 알림이 늦게 도착했다. 토큰 만료 때문이었다.",
    component: "notifications",
  });
  await add("button", {
    title: "결제 버튼 비활성화",
    symptom: "결제 버튼이 회색으로 남았다.",
  });
  await add("sticky", {
    title: "세션 상태유지 실패",
    symptom: "로드밸런서의 상태유지 설정이 빠져서 로그인이 풀렸다.",
    component: "auth",
  });
  await add("timeout", {
    title: "Gateway timeout on refunds",
    symptom: "Refund calls hit the 30 s timeout.",
  });
  await add("cookie", {
    title: "쿠키 도메인 설정 오류",
    symptom: "쿠키가 하위 도메인에 전달되지 않았다.",
  });
  // A corrected word keeps its place: the same words, side by side in the query's order or not.
  await add("retryInOrder", {
    title: "결제 재시도 잡이 주문을 두 번 청구함",
    symptom: "카드 승인 문자가 두 번 왔다.",
  });
  await add("retryReversed", {
    title: "재시도 결제 잡이 주문을 두 번 청구함",
    symptom: "카드 승인 문자가 두 번 왔다.",
  });
  // 재시도 (retry) and 재시작 (restart) begin with the same two syllables.
  await add("queueEn", { title: "Queue backlog grows overnight", symptom: "Jobs wait for hours." });
  await add("macroKo", { title: "엑셀 매크로 실행 오류", symptom: "주문 목록 매크로가 멈췄다." });
  await add("macroEn", { title: "Excel macro fails to run", symptom: "The orders macro stopped." });
  await add("restart", {
    title: "서버 재시작 후 세션이 풀림",
    symptom: "배포 뒤 서버를 재시작했다.",
  });
});
afterAll(async () => {
  await t.close();
});

describe("ranking rules", () => {
  it("words side by side rank above the same words apart", async () => {
    const order = await found("primary key");
    expect(order.indexOf(ids.together as number)).toBeLessThan(order.indexOf(ids.apart as number));
    expect(order[0]).toBe(ids.together);
  });

  it("a two-word name held side by side counts once for where it stands: bm25 weighs its field and length", async () => {
    // Both hold "quartz lantern" side by side: one in the title of a long text that holds it by
    // chance, one in the symptom of a short write-up about it. The name's own bm25 score already
    // weighs the title and the length; the nearness bonus for a title weighed it again, unweighed
    // by length, and put the long text first (among 100,000 write-ups: "global lock").
    await onOwnDatabase(async (put, db) => {
      const filler = "the shift moved boxes between rooms while the crew wrote notes ";
      const chance = await put({
        title: "Quartz lantern notes moved rooms",
        symptom: filler.repeat(3),
      });
      const answer = await put({
        title: "Cellar inspection stopped",
        symptom: "Nobody could find the quartz lantern before the inspection.",
      });
      for (let i = 0; i < 6; i++)
        await put({ title: `Stock count ${i}`, symptom: `quartz crates and a lantern hook ${i}` });
      const { results } = await searchWriteups(db, { q: "quartz lantern" });
      expect(results.slice(0, 2).map((r) => r.id)).toEqual([answer, chance]);
    });
  });

  it("when few hold every word, a pair typed side by side and held side by side counts for them too", async () => {
    // Both hold the four words; the short one where bm25 weighs them most, the long one with two
    // of them side by side as typed. Only two hold every word, so the pairs are looked up.
    await add("pairTyped", {
      title: "Nightly jobs",
      symptom:
        "Our wombat ledger export showed a drift of two cents after the nightly run, which took a while to find in the logs of the batch and the reports that followed it.",
    });
    await add("pairApart", {
      title: "Drift report",
      symptom: "The export of the ledger held a wombat.",
    });
    const [first, second] = await found("wombat ledger export drift");
    expect([first, second]).toEqual([ids.pairTyped, ids.pairApart]);
  });

  it("stems: server finds servers", async () => {
    expect(await found("server reboot")).toContain(ids.stem);
    expect((await found("restart server"))[0]).toBe(ids.stem);
  });

  it("a word being typed is one group, scored once: two forms don't outweigh a rarer word", async () => {
    // "site quokka": both match "site"; only one holds the rarer "quokka".
    const order = await found("quokka sit");
    expect(order[0]).toBe(ids.rarer);
  });

  it("every word counts: a write-up with all the words beats one with some", async () => {
    const response = await searchWriteups(t.db, { q: "dunning primary card retries" });
    expect(response.results[0]?.id).toBe(ids.allWords);
    expect(response.results[0]?.matchedAll).toBe(true);
  });

  it("a write-up holding every word only by chance doesn't outrank one that holds nearly all where it counts", async () => {
    // The answer says "resolution", not "resolve"; the other holds every word, scattered through
    // a long account of something else. Coverage already weighs the missing word.
    await add("nearlyAll", {
      title: "Containers lost DNS resolution after a config change",
      symptom: "After the config change every container failed its DNS lookups.",
    });
    await add("byChance", {
      title: "Nightly export slow",
      debugging:
        "We looked at the export queue, the workers and their containers, the disk, the logs and the dashboards for a week. We could not see why until we tried to resolve the slow query by hand; after that, a config flag for the batch size and a DNS cache were both ruled out, and one change to the index fixed the export.",
    });
    const response = await searchWriteups(t.db, {
      q: "containers could not resolve dns after config change",
    });
    const order = response.results.map((r) => r.id);
    expect(order.indexOf(ids.nearlyAll as number)).toBeLessThan(
      order.indexOf(ids.byChance as number),
    );
    expect(response.results.find((r) => r.id === ids.byChance)?.matchedAll).toBe(true);
  });

  it("a word found nowhere doesn't empty the every-word pass, nor block a correction", async () => {
    // "qwxzv" is in no write-up and resembles nothing: "dunnig" is still corrected, and the
    // results hold every word the index knows, but say they don't hold every word.
    const response = await searchWriteups(t.db, { q: "dunnig emails qwxzv" });
    expect(response.correctedQuery).toBe("dunning emails qwxzv");
    expect(response.results[0]?.id).toBe(ids.allWords);
    expect(response.results[0]?.matchedAll).toBe(false);
  });

  it("holding some words: the rarer words' share weighs, not just the count of words", async () => {
    // bm25 alone sums: three common words in a short title beat the one rare word.
    for (let i = 0; i < 6; i++)
      await add(`filler${i}`, { title: `Job ${i} still works`, symptom: "The key is not used." });
    await add("rareHolder", {
      title: "Some users were unable to type one letter",
      symptom:
        "Pressing that key on the ocelot layout typed nothing in the editor, in every form, on every page of the site, for weeks.",
    });
    await add("commonHolder", {
      title: "Key still works, not revoked",
      symptom: "The rotated key still works: the old key is not revoked.",
    });
    const order = await found("ocelot keyboard key not working");
    expect(order[0]).toBe(ids.rareHolder);
    expect(coverage([true, false], [1, 100], 1000)).toBeGreaterThan(
      coverage([false, true, true], [1, 100, 100], 1000),
    );
    expect(coverage([true, true], [5, 50], 100)).toBe(1);
    expect(coverage([false, false], [5, 50], 100)).toBe(0.5);
  });

  it("a word the index holds is never rewritten as a typo", async () => {
    const response = await searchWriteups(t.db, { q: "dunning emails" });
    expect(response.correctedQuery).toBeNull();
    expect(response.results[0]?.id).toBe(ids.allWords);
  });

  it("an unknown word is corrected only when that finds write-ups, with the original offered", async () => {
    const response = await searchWriteups(t.db, { q: "dunnig emails" });
    expect(response.correctedQuery).toBe("dunning emails");
    expect(response.originalQuery).toBe("dunnig emails");
    expect(response.results[0]?.id).toBe(ids.allWords);
    // "Search instead for": as typed, nothing holds every word.
    const exact = await searchWriteups(t.db, { q: "dunnig emails", exact: true });
    expect(exact.correctedQuery).toBeNull();
    expect(exact.results.every((r) => !r.matchedAll)).toBe(true);
    // A word nothing resembles stays as typed.
    expect((await searchWriteups(t.db, { q: "zqxwv emails" })).correctedQuery).toBeNull();
  });
});

describe("a page of any size", () => {
  it("shows the same first write-ups whatever the number asked: a related list of five or a check of one", async () => {
    // The demo's knowledge base, where a search of three put a write-up holding the query's words
    // by chance before the one about being logged out that the search page shows first.
    const demo = await createTestDatabase();
    try {
      await seedDemo(demo.db);
      const first = async (limit: number) =>
        (await searchWriteups(demo.db, { q: "users get logged out randomly", limit })).results;
      const page = await first(20);
      expect(page[0]?.title).toMatch(/logged out/);
      for (const limit of [1, 3, 5, 10])
        expect(
          (await first(limit)).map((r) => r.id),
          `limit ${limit}`,
        ).toEqual(page.slice(0, limit).map((r) => r.id));
    } finally {
      await demo.close();
    }
  });
});

describe("corrections of English words", () => {
  beforeAll(async () => {
    await add("leak", {
      title: "Memory leak in the export worker",
      symptom: "A memory leak grew the worker's heap each night until it hit its limit.",
    });
    await add("parts", {
      title: "Spare parts catalogue",
      symptom: "The parts list showed a third column twice; each row was a part.",
    });
    // The correction dictionary was read by earlier searches: read it again with these words.
    resetVocabulary(t.db);
  });

  it("a real word the index lacks is kept in pasted text: never read as another ('reached' is not 'eached')", async () => {
    // "reached" is in no write-up; "eached" stems to "each", which many hold.
    const response = await searchWriteups(t.db, {
      q: "FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory",
    });
    expect(response.correctedQuery).toBeNull();
    expect(response.results[0]?.id).toBe(ids.leak);
  });

  it("a correction is a word, not a form only the stemmer reads as one ('properties' is not 'properlies')", async () => {
    await add("properly", {
      title: "Header not parsed properly",
      symptom: "It was read improperly.",
    });
    const response = await searchWriteups(t.db, { q: "header properties" });
    expect(response.correctedQuery).toBeNull();
  });

  it("a correction is shown as the results write it: 'postgress' reads as postgres, not a stem's other form", async () => {
    await add("postgres", {
      title: "Postgres vacuum stalled",
      symptom: "Autovacuum on Postgres stalled behind a long transaction.",
    });
    resetVocabulary(t.db);
    // Adding a letter ("postgrness") and dropping one ("postgres") both stem to postgr.
    const response = await searchWriteups(t.db, { q: "postgress vacuum" });
    expect(response.correctedQuery).toBe("postgres vacuum");
    expect(response.terms).toContain("postgres");
    expect(response.results[0]?.id).toBe(ids.postgres);
  });

  it("a word corrected before counts as the neighbour of the next: 'memmory leek' is 'memory leak'", async () => {
    expect(await readAs("memmory leek")).toEqual({ corrected: "memory leak", first: ids.leak });
  });

  it("two typos are corrected though no write-up holds every word, when a result holds more of them than as typed", async () => {
    await add("datacenter", {
      title: "Datacenter power failure",
      symptom: "The datacenter lost power for an hour.",
    });
    await add("statusOutage", {
      title: "Status page outage",
      symptom: "The outage lasted ten minutes.",
    });
    resetVocabulary(t.db);
    // As typed, the index knows "outage" only; corrected, one write-up holds power and datacenter.
    const response = await searchWriteups(t.db, { q: "datacentre powr outage" });
    expect(response.correctedQuery).toBe("datacenter power outage");
    expect(response.originalQuery).toBe("datacentre powr outage");
    expect(response.results[0]?.id).toBe(ids.datacenter);
    expect(response.results[0]?.matchedAll).toBe(false);
    // A word nothing resembles still stays as typed, and the query with it.
    expect((await searchWriteups(t.db, { q: "zqxwv outage" })).correctedQuery).toBeNull();
  });

  it("two unknown words side by side are read as a pair the index holds side by side: 'leep secnd' is leap second", async () => {
    // Each alone has a commoner correction: "keep" and "send", never side by side.
    await withDecoys(
      "leapSecond",
      { title: "Kernel hang at midnight", symptom: "The leap second made the kernel hang." },
      (i) => ({
        title: `Keep the mail queue ${i}`,
        symptom: `We keep retrying; the worker will send it later. Then send again, and keep ${i}.`,
      }),
    );
    expect(await readAs("leep secnd")).toEqual({ corrected: "leap second", first: ids.leapSecond });
  });

  it("a typo reads as a rarer correction that stands beside the word typed next to it: 'backp restore'", async () => {
    await withDecoys(
      "backupRestore",
      {
        title: "Backup restore failed",
        symptom: "The nightly backup restore failed on the replica.",
      },
      (i) => ({
        title: `Card backs printed twice ${i}`,
        symptom: `The backs of the cards came out blank ${i}.`,
      }),
    );
    expect(await readAs("backp restore")).toEqual({
      corrected: "backup restore",
      first: ids.backupRestore,
    });
  });

  it("a search made while the dictionary first loads goes on without it, and its answer is not kept", async () => {
    resetVocabulary(t.db);
    firstLoad.waitMs = 0;
    try {
      // The load has only started: no correction yet, but the words as typed are searched.
      const early = await cachedSearchWriteups(t.db, { q: "memmory leak" });
      expect(early.correctedQuery).toBeNull();
      expect(early.results.map((r) => r.id)).toContain(ids.leak);
    } finally {
      firstLoad.waitMs = 250;
    }
    await warmSearch(t.db);
    // Once loaded, the same search is corrected: the early answer was not kept for it.
    const later = await cachedSearchWriteups(t.db, { q: "memmory leak" });
    expect(later.correctedQuery).toBe("memory leak");
    expect(later.results[0]?.id).toBe(ids.leak);
  });

  it("a real word becomes another only beside a word typed next to it: 'memory leek', not 'third party'", async () => {
    const leek = await searchWriteups(t.db, { q: "memory leek" });
    expect(leek.correctedQuery).toBe("memory leak");
    expect(leek.results[0]?.id).toBe(ids.leak);
    // "party" is in no write-up, "parts" is, but never right after "third".
    const party = await searchWriteups(t.db, { q: "third party" });
    expect(party.correctedQuery).toBeNull();
  });
});

describe("query words gathered in one passage", () => {
  it("a write-up telling the query's story in one passage ranks above a long one holding its words far apart", async () => {
    await onOwnDatabase(async (put, db) => {
      // Both hold every word. The long one holds two of them in its title, where bm25 weighs them
      // most, and the others paragraphs apart; the answer holds them all in one sentence.
      const far = (n: number) =>
        Array.from({ length: n }, (_, i) => ["the", "job", "ran", "again", "later"][i % 5]).join(
          " ",
        );
      const scattered = await put({
        title: "Security policy notes",
        symptom: `Update rows. ${far(20)}. Locked rows. ${far(20)}. Customers rows.`,
      });
      const answer = await put({
        title: "Sign-in outage",
        symptom: `Nobody could sign in for an hour. ${far(30)}.`,
        rootCause: `${far(20)}. A security policy update locked customers out of their accounts. ${far(20)}.`,
      });
      for (let i = 0; i < 3; i++)
        await put({ title: `Nightly export ${i}`, symptom: `The export job ran ${i} times.` });
      const order = (
        await searchWriteups(db, { q: "security policy update locked customers" })
      ).results.map((r) => r.id);
      expect(order.slice(0, 2)).toEqual([answer, scattered]);
    });
  });
});

describe("corrections follow the index", () => {
  it("a typo with no correction in the index is corrected once a write-up holds the word", async () => {
    await onOwnDatabase(async (put, db) => {
      await put({ title: "Walrus export stalls", symptom: "The walrus export stalls at night." });
      resetVocabulary(db);
      expect((await searchWriteups(db, { q: "wombta " })).correctedQuery).toBeNull();
      const wombat = await put({ title: "Wombat sync fails", symptom: "The wombat sync fails." });
      resetVocabulary(db);
      const response = await searchWriteups(db, { q: "wombta " });
      expect(response.correctedQuery).toBe("wombat");
      expect(response.results[0]?.id).toBe(wombat);
    });
  });
});

describe("a word being typed after another", () => {
  it("completes to a word that follows the one before it, over commoner completions ('memory le' is 'memory leak')", async () => {
    // "ledger", "lesson" and "letter" are each in more write-ups than "leak", with "memory" in
    // the same write-ups but never right before them.
    for (const [i, word] of ["ledger", "lesson", "letter", "ledger", "lesson", "letter"].entries())
      await add(`le${i}`, {
        title: `Nightly ${word} job slow`,
        symptom: `The ${word} job used too much memory on day ${i}.`,
      });
    resetVocabulary(t.db);
    const response = await searchWriteups(t.db, { q: "memory le" });
    expect(response.results[0]?.id).toBe(ids.leak);
    // With no word before it, the commonest completions stand.
    expect((await searchWriteups(t.db, { q: "le" })).results[0]?.id).not.toBe(ids.leak);
  });

  it("a whole word may still be the start of the word meant after the one before it ('semaphore dead' is deadlock)", async () => {
    await onOwnDatabase(async (put, db) => {
      // Short write-ups holding "semaphore" and "dead" apart (dead letters), where bm25 weighs
      // them most; the answer says "semaphore deadlock" once, in a long text.
      for (let i = 0; i < 12; i++)
        await put({
          title: `Queue ${i} dead letters`,
          symptom: `Dead letter queue ${i} grew; the semaphore was fine.`,
        });
      const answer = await put({
        title: "Replicas stalled during a table rename",
        symptom:
          "During the final rename of the migration the read replicas entered a semaphore deadlock and went into crash recovery, and the remaining replicas could not carry production reads.",
      });
      resetVocabulary(db);
      await warmSearch(db);
      expect((await searchWriteups(db, { q: "semaphore dead" })).results[0]?.id).toBe(answer);
      // Typed in full, the word is the word: the dead letters come first.
      expect((await searchWriteups(db, { q: "semaphore dead " })).results[0]?.id).not.toBe(answer);
    });
  });

  it("an identifier typed in part completes to the identifiers it begins ('ERR_EXP': ERR_EXPORT_TIMEOUT)", async () => {
    await onOwnDatabase(async (put, db) => {
      const exportTimeout = await put({
        title: "Monthly invoice export times out with ERR_EXPORT_TIMEOUT",
        symptom: "The export stops after 30 seconds.",
      });
      const declined = await put({
        title: "Card declined with do_not_honor is not retried",
        symptom: "The gateway answers do_not_honor; tx_9f2c41e0 was one of them.",
      });
      await put({ title: "Export button does nothing", symptom: "Nothing happens on click." });
      resetVocabulary(db);
      const found = async (q: string) => (await searchWriteups(db, { q })).results.map((r) => r.id);
      // Identifiers are no words of the dictionary (a typo is never corrected to one): typed in
      // part they found nothing.
      expect(await found("ERR_EXP")).toEqual([exportTimeout]);
      expect(await found("invoice ERR_EXPORT")).toEqual([exportTimeout]);
      expect(await found("do_not")).toEqual([declined]);
      expect(await found("tx_9f2")).toEqual([declined]);
    });
  });

  it("a function word or a particle typed last after another word is finished ('log in' is not 'log invoice')", async () => {
    await onOwnDatabase(async (put, db) => {
      // Invoices, which say "in" and "invoice" often and "log" once; and the log-in write-up.
      for (let i = 0; i < 4; i++)
        await put({
          title: `Invoice ${i} PDF shows a dollar sign`,
          symptom: `InvoiceRenderer formats invoice ${i} in dollars; the log says so inside the invoice job.`,
        });
      const loginLoop = await put({
        title: "Okta SSO log-in loops back to the log-in page",
        symptom: "After the upgrade people could not log in: the page reloads.",
      });
      const signUp = await put({
        title: "Sign up form rejects plus addresses",
        symptom: "People cannot sign up with a plus in their address.",
      });
      for (let i = 0; i < 3; i++)
        await put({ title: `Update ${i} of the sign`, symptom: `The update ${i} sign uploads.` });
      resetVocabulary(db);
      const first = async (q: string) => (await searchWriteups(db, { q })).results[0]?.id;
      expect(await first("log in")).toBe(loginLoop);
      expect(await first("can't log in")).toBe(loginLoop);
      expect(await first("sign up")).toBe(signUp);
      // Typed alone, it is still the start of a word: "in" finds the invoices.
      expect(await first("in")).not.toBe(loginLoop);
    });
  });

  it("two words typed apart meet the one word the write-ups write ('wrap around': wraparound)", async () => {
    await onOwnDatabase(async (put, db) => {
      // Short write-ups holding "around" and "postgres", or "wrap", where bm25 weighs them most;
      // the answer says "wraparound" in one word.
      for (let i = 0; i < 6; i++)
        await put({
          title: `Postgres replica ${i} lagged around noon`,
          symptom: `Replica ${i} fell behind around the nightly backup.`,
        });
      await put({ title: "Wrap long lines", symptom: "Wrap the log lines of postgres." });
      const answer = await put({
        title: "Transaction ID wraparound stopped writes",
        symptom:
          "Postgres refused new writes once the oldest transaction id came close to wraparound; a manual vacuum of the largest table freed them.",
      });
      const anyone = await put({ title: "Anyone could deploy", symptom: "Anyone could deploy." });
      resetVocabulary(db);
      await warmSearch(db);
      const found = await searchWriteups(db, { q: "wrap around postgres" });
      expect(found.results[0]?.id).toBe(answer);
      expect(found.results[0]?.matchedAll).toBe(true);
      // The joined word is marked where it stands.
      expect(found.results[0]?.snippet.some((p) => p.hit && p.text === "wraparound")).toBe(true);
      // A first word that only holds a sentence together is not joined: "any one" is not "anyone".
      const apart = await searchWriteups(db, { q: "any one deploy" });
      expect(apart.terms).toEqual(["any", "one", "deploy"]);
      expect(apart.results.find((r) => r.id === anyone)?.matchedAll).toBe(false);
    });
  });

  it("a name typed with its version as one word meets it written apart ('http3': HTTP/3, 'utf8': UTF-8)", async () => {
    await onOwnDatabase(async (put, db) => {
      // Short write-ups holding "browser" and "hang", where bm25 weighs them most; the answer
      // writes the protocol "HTTP/3", which the index holds as two words.
      for (let i = 0; i < 6; i++)
        await put({
          title: `Browser tab ${i} hangs on print`,
          symptom: `The browser hangs when printing report ${i}.`,
        });
      const answer = await put({
        title: "Pages stopped loading in one browser",
        symptom:
          "A code path in the network stack hit a problem in the HTTP/3 implementation; the browser would hang until restarted.",
      });
      const encoding = await put({
        title: "Names garbled in the export",
        symptom: "The export was read as Latin-1 instead of UTF-8.",
      });
      resetVocabulary(db);
      await warmSearch(db);
      const found = await searchWriteups(db, { q: "http3 browser hang" });
      expect(found.correctedQuery).toBeNull();
      expect(found.results[0]?.id).toBe(answer);
      expect(found.results[0]?.matchedAll).toBe(true);
      expect((await searchWriteups(db, { q: "utf8 export" })).results[0]?.id).toBe(encoding);
      // Still being typed, with no write-up writing it whole, it is the name written apart too.
      expect((await searchWriteups(db, { q: "http3" })).results[0]?.id).toBe(answer);
      // No write-up writes the name apart: nothing is made up ("http 2" is in none).
      expect((await searchWriteups(db, { q: "http2 browser" })).results[0]?.id).not.toBe(answer);
    });
  });
});

describe("related write-ups", () => {
  it("a long text keeps its focus's words (a ticket's title) before its rarest plain words", async () => {
    const plain = "alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike";
    for (const [i, word] of plain.split(" ").entries())
      await add(`plain${i}`, { title: `Note ${word}`, symptom: `Nothing about it: ${word}.` });
    for (const i of [1, 2]) {
      await add(`ids${i}`, { title: `Session ids rotated ${i}`, symptom: "New ids each day." });
      await add(`over${i}`, { title: `Disk overflowed ${i}`, symptom: "The log overflowed." });
    }
    await add("overflow", {
      title: "Order ids overflowed",
      symptom: "The orders table ids overflowed a 32-bit integer.",
    });
    const text = `ids overflowed ${plain}`;
    // Without a focus, the thirteen words found once each fill every place.
    const plainRead = await searchWriteups(t.db, { q: text, limit: 5 });
    expect(plainRead.results[0]?.id).not.toBe(ids.overflow);
    const focused = await searchWriteups(t.db, { q: text, limit: 5, focus: "ids overflowed" });
    expect(focused.terms).toEqual(expect.arrayContaining(["ids", "overflowed"]));
    expect(focused.results[0]?.id).toBe(ids.overflow);
  });

  it("a long text spends its places on its subject, not on the words that hold it together", async () => {
    const plain = "quartz lantern meadow pebble harbor violet walnut cobalt juniper saffron";
    await add("filler", { title: "Quartz lantern", symptom: `There are notes in the ${plain}.` });
    await add("dispatcher", {
      title: "Dispatcher drains the rotation",
      symptom: "The dispatcher pulled every instance from rotation.",
    });
    const title = "Checks are in the rotation";
    const read = await searchWriteups(t.db, { q: `${title} ${plain} dispatcher`, focus: title });
    // "are", "in" and "the" are in the index, and in the title: still last to be chosen.
    expect(read.terms).toEqual(expect.arrayContaining(["rotation", "dispatcher"]));
    expect(read.terms).not.toContain("are");
    expect(read.results.map((r) => r.id)).toContain(ids.dispatcher);
  });
});

describe("Korean", () => {
  it("splits Hangul into two-syllable pieces, joining words across a space; Latin stays whole", () => {
    expect(hangulBigrams("결제버튼")).toBe("결제 제버 버튼");
    expect(hangulBigrams("결제 버튼")).toBe("결제 제버 버튼");
    expect(hangulBigrams("API키 오류")).toBe("API 키 키오 오류");
    expect(hangulBigrams("plain English only")).toBe("");
    expect(tokenize("API키를 Ś café")).toEqual(["api", "키를", "cafe"]);
  });

  it("strips particles and endings from query words, keeping short words whole", () => {
    expect(stripParticle("푸시를")).toBe("푸시");
    expect(stripParticle("만료가")).toBe("만료");
    expect(stripParticle("서버에서")).toBe("서버");
    expect(stripParticle("배포했다")).toBe("배포");
    expect(stripParticle("세션이")).toBe("세션");
    // Spoken endings, as a support ticket says it: 지급됐어요 (was paid), 깨져요 (breaks).
    expect(stripParticle("지급됐어요")).toBe("지급");
    // A polite form whose stem's vowel ran into the ending is searched as its stem: 깨져요 (breaks)
    // as 깨지, 보여요 as 보이, 바꿔요 as 바꾸, 나와요 as 나오; a one-syllable stem stays (와요).
    expect(stripParticle("깨져요")).toBe("깨지");
    expect(stripParticle("보여요")).toBe("보이");
    expect(stripParticle("바꿔요")).toBe("바꾸");
    expect(stripParticle("나와요")).toBe("나오");
    expect(stripParticle("떨어져요")).toBe("떨어지");
    expect(stripParticle("와요")).toBe("와요");
    expect(stripParticle("새로고침하면")).toBe("새로고침");
    // A sentence going on: 환불했는데 (refunded, but …), 배포됐지만, 정산인데.
    expect(stripParticle("환불했는데")).toBe("환불");
    expect(stripParticle("배포됐지만")).toBe("배포");
    expect(stripParticle("정산인데")).toBe("정산");
    expect(stripParticle("결제하는데")).toBe("결제");
    // An adverb of a 하다 word: 이상하게 (strangely) is 이상.
    expect(stripParticle("이상하게")).toBe("이상");
    expect(stripParticle("화면")).toBe("화면");
    expect(stripParticle("아이")).toBe("아이");
    // A word whose last syllable only looks like an ending stays whole, its own endings go.
    expect(stripParticle("재시도")).toBe("재시도");
    expect(stripParticle("재시도를")).toBe("재시도");
    expect(stripParticle("알림톡이")).toBe("알림톡");
    expect(stripParticle("payment")).toBe("payment");
  });

  it("reads a ticket's formal sentence endings as their verbs: 나옵니다 is 나오, 있습니다 is 있", () => {
    expect(stripParticle("나옵니다")).toBe("나오");
    expect(stripParticle("느립니다")).toBe("느리");
    expect(stripParticle("다릅니다")).toBe("다르");
    expect(stripParticle("있습니다")).toBe("있");
    expect(stripParticle("늦습니다")).toBe("늦");
    // A stem of one syllable would begin too many words: 뜹니다 stays whole, as 합니다 does.
    expect(stripParticle("뜹니다")).toBe("뜹니다");
    expect(stripParticle("결제됩니다")).toBe("결제");
    // 있, 않 and 많 are grammar: beside two other words they are not searched.
    expect(
      parseQuery("로그인 화면이 안 나옵니다. 문의가 많습니다 않습니다 있습니다").terms,
    ).toEqual(["로그인", "화면", "나오", "문의"]);
  });

  it("finds a word with a particle attached, in the query or in the text", async () => {
    expect((await found("푸시를"))[0]).toBe(ids.push);
    expect(await found("만료가 원인")).toContain(ids.push);
    expect((await found("알림"))[0]).toBe(ids.push);
  });

  it("compounds meet written with or without a space", async () => {
    expect((await found("결제버튼"))[0]).toBe(ids.button);
    expect((await found("상태 유지"))[0]).toBe(ids.sticky);
    expect((await found("상태유지"))[0]).toBe(ids.sticky);
  });

  it("reads a compound typed as one word as its parts when the text puts words between them: 주문날짜", async () => {
    await add("orderDate", {
      title: "주문 내역의 날짜가 하루 전으로 표시됨",
      symptom: "주문 상세의 날짜는 맞는데 목록에서만 하루 전이다.",
    });
    expect(await readAs("주문날짜")).toEqual({ corrected: "주문 날짜", first: ids.orderDate });
    // Written together in the text, it is found as typed.
    expect((await searchWriteups(t.db, { q: "결제버튼" })).correctedQuery).toBeNull();
  });

  it("reads an unknown compound ending in a one-syllable noun as its head: 결제창 is 결제, not nothing", async () => {
    await onOwnDatabase(async (put, db) => {
      const payment = await put({
        title: "결제 화면이 열리지 않음",
        symptom: "결제 버튼을 누르면 PG 팝업이 뜨지 않는다.",
      });
      await put({ title: "정산 배치 지연", symptom: "월말 정산이 늦게 끝난다." });
      // A head of two syllables met only across a space is no word: 가 아니라 holds 가아.
      await put({ title: "권한 문제가 아니라 설정 문제", symptom: "설정을 바꾸면 된다." });
      const read = await searchWriteups(db, { q: "결제창이 안 떠요" });
      expect(read.correctedQuery).toBe("결제 떠요");
      expect(read.results[0]?.id).toBe(payment);
      expect((await searchWriteups(db, { q: "가아창" })).correctedQuery).toBeNull();
      // A head only the synonym table knows is searched with its partners: 로그인 is login.
      const login = await put({
        title: "Login page spins forever",
        symptom: "The login form never appears.",
      });
      const window = await searchWriteups(db, { q: "로그인창이 안 떠요" });
      expect(window.correctedQuery).toBe("로그인 떠요");
      expect(window.results[0]?.id).toBe(login);
    });
  });

  it("reads a compound the index holds as its parts too when it is far rarer than they are: 주문날짜, not 비밀번호", async () => {
    // A database of its own: forty write-ups of one part each would move this file's counts.
    const own = await createTestDatabase();
    try {
      const put = publisherFor(own.db);
      const together = await put("주문날짜 필터가 비어 있음");
      const apart = await put("주문 내역의 날짜가 하루 전으로 표시됨");
      for (let i = 0; i < 24; i++) {
        await put(`주문 취소 알림 ${i}`, "취소된 주문이 목록에 남음.");
        await put(`정산 날짜 계산 ${i}`, "월말 날짜가 잘못 계산됨.");
      }
      // 비밀번호 is a word of its own: as common as 비밀, never read as 비밀 … 번호.
      const password = await put("비밀번호 재설정 메일이 오지 않음");
      for (let i = 0; i < 24; i++) await put(`비밀번호 변경 ${i}`, "비밀번호 규칙 안내.");
      const secretNumber = await put("비밀 키 교체 후 주문 번호가 바뀜");
      const search = async (q: string) =>
        (await searchWriteups(own.db, { q, limit: 50 })).results.map((r) => r.id);
      const order = await search("주문날짜");
      expect(order.slice(0, 2).sort()).toEqual([together, apart].sort());
      expect(order).not.toContain(secretNumber);
      expect((await search("주문날짜 하루"))[0]).toBe(apart);
      const secret = await search("비밀번호");
      expect(secret).toContain(password);
      expect(secret).not.toContain(secretNumber);
    } finally {
      await own.close();
    }
  });

  it("reads Hangul words typed together as typed apart: 배포오류 as 배포 오류 (with error), 푸시발송실패 as three words, a rare 결제오류 followed by 결제 … 오류, 세션만료 as 세션 만료 though none holds both; a typo's correction finds what the word does", async () => {
    const own = await createTestDatabase();
    try {
      const put = publisherFor(own.db);
      const deployError = await put(
        "배포 직후 결제 API 가 500 error 를 반환",
        "구버전 서버가 요청을 받음.",
      );
      await put("배포 파이프라인이 느림", "빌드 캐시가 없음.");
      const pushFailed = await put("iOS 푸시 발송 전부 실패", "APNs 인증서 만료.");
      await put("푸시 알림 문구 수정", "발송 시간 안내.");
      const together = await put("결제오류 코드 정리", "코드표를 문서로 옮김.");
      const paymentTimeout = await put(
        "PG 응답 지연으로 결제 실패 급증",
        "타임아웃 오류가 쏟아짐.",
      );
      await put("로그 오류 메시지 정리", "메시지 형식을 맞춤.");
      for (let i = 0; i < 3; i++) await put(`결제 화면 문구 ${i}`, "안내 문구를 고침.");
      // No write-up holds 배포오류: it is read as "배포 오류" typed, 오류 with its partner "error",
      // and write-ups holding one of the two after those holding both.
      const glued = await searchWriteups(own.db, { q: "배포오류", limit: 10 });
      const apart = await searchWriteups(own.db, { q: "배포 오류", limit: 10 });
      expect(glued.correctedQuery).toBe("배포 오류");
      expect(glued.terms).toEqual(["배포", "오류"]);
      expect(glued.results[0]?.id).toBe(deployError);
      expect(glued.results.map((r) => r.id)).toEqual(apart.results.map((r) => r.id));
      // Three nouns typed together: 푸시발, 송실 and 시발 are only the edges of words.
      const push = await searchWriteups(own.db, { q: "푸시발송실패" });
      expect(push.correctedQuery).toBe("푸시 발송 실패");
      expect(push.results[0]?.id).toBe(pushFailed);
      // 결제오류 is in one write-up, 결제 and 오류 apart in more: after it, those holding both.
      const payment = (await searchWriteups(own.db, { q: "결제오류", limit: 10 })).results;
      expect(payment[0]?.id).toBe(together);
      expect(payment.map((r) => r.id)).toContain(paymentTimeout);
      expect(payment.every((r, i) => i === 0 || r.score < (payment[i - 1]?.score ?? 0))).toBe(true);
      // No write-up holds 세션 and 만료 (nor "session" and "expired") together: 세션만료 finds
      // what "세션 만료" finds, those holding one of them (the APNs write-up's 인증서 만료 too).
      const sessionOut = await put("Admins are logged out when the session times out", "");
      const expiredLink = await put("Reset links say expired as soon as they are opened", "");
      const expiry = await searchWriteups(own.db, { q: "세션만료" });
      expect(expiry.correctedQuery).toBe("세션 만료");
      // A sentence typed with no spaces at all, its particle and ending inside: read the same way.
      const sentence = await searchWriteups(own.db, { q: "세션이만료돼요" });
      expect(sentence.correctedQuery).toBe("세션 만료");
      expect(sentence.results.map((r) => r.id)).toEqual(expiry.results.map((r) => r.id));
      // A typo's correction shows what the word corrected to finds, its partners too: 겳제 is
      // 결제, which meets "payment".
      const paymentPage = await put("Payment page times out", "The card form spins.");
      const typo = await searchWriteups(own.db, { q: "겳제", limit: 20 });
      expect(typo.correctedQuery).toBe("결제");
      expect(typo.results.map((r) => r.id)).toContain(paymentPage);
      expect(typo.results.map((r) => r.id)).toEqual(
        (await searchWriteups(own.db, { q: "결제", limit: 20 })).results.map((r) => r.id),
      );
      // Words left as typed keep their capitals in "showing results for".
      const cased = await searchWriteups(own.db, { q: "APNs 세션만료" });
      expect(cased.correctedQuery).toBe("APNs 세션 만료");
      expect(expiry.results.map((r) => r.id)).toEqual(
        expect.arrayContaining([sessionOut, expiredLink, pushFailed]),
      );
      expect(expiry.results.map((r) => r.id)).toEqual(
        (await searchWriteups(own.db, { q: "세션 만료" })).results.map((r) => r.id),
      );
    } finally {
      await own.close();
    }
  });

  it("counts no Korean grammar word beside other words: 로그인이 안 돼요 is about 로그인, not about whatever says 안 and 돼요", async () => {
    const own = await createTestDatabase();
    try {
      const put = publisherFor(own.db);
      const confetti = await put(
        "Reduced-motion users still see the confetti",
        "동작 줄이기 설정이 무시돼요. 애니메이션이 안 꺼져요.",
      );
      const korean = await put("로그인 후 대시보드로 넘어가지 않음", "다시 로그인 화면이 떠요.");
      const okta = await put("Okta users bounced back to sign-in", "SSO login loops.");
      const found = (await searchWriteups(own.db, { q: "로그인이 안 돼요" })).results;
      expect(found.map((r) => r.id).sort()).toEqual([korean, okta].sort());
      expect(found.map((r) => r.id)).not.toContain(confetti);
      expect(found.every((r) => r.matchedAll)).toBe(true);
      // Grammar words alone are still searched.
      const alone = await searchWriteups(own.db, { q: "안 돼요" });
      expect(alone.results.map((r) => r.id)).toContain(confetti);
    } finally {
      await own.close();
    }
  });

  it("corrects a one-syllable typo in a short Hangul word", async () => {
    const response = await searchWriteups(t.db, { q: "쿠키 도매인" });
    expect(response.results[0]?.id).toBe(ids.cookie);
    expect(response.correctedQuery).toBe("쿠키 도메인");
  });

  it("a Hangul typo is read as the word one letter away before one a whole syllable away: 오루 is 오류, not the commoner 하루", async () => {
    expect(jamoDistance("오루", "오류")).toBe(1);
    expect(jamoDistance("오루", "하루")).toBe(2);
    expect(jamoDistance("결재", "결제")).toBe(1);
    expect(jamoDistance("각", "A")).toBe(3);
    // 하루 in twice as many write-ups as 오류.
    for (let i = 0; i < 10; i++)
      await add(`day${i}`, { title: `주문 날짜가 하루 밀림 ${i}`, symptom: "하루 늦게 표시됨." });
    await add("errorCode", { title: "정산 오류 코드", symptom: "정산 파일에 오류가 있음." });
    resetVocabulary(t.db);
    expect(await readAs("정산 오루")).toEqual({ corrected: "정산 오류", first: ids.errorCode });
    // Two letters off, a two-syllable word is another word, not a typo: 틀림 is not 알림.
    await add("notice", { title: "알림 지연", symptom: "알림이 늦게 온다." });
    resetVocabulary(t.db);
    expect((await searchWriteups(t.db, { q: "정산 틀림" })).correctedQuery).toBeNull();
  });

  it("never rewrites a Korean word no write-up holds into another (수정 is not 수점, 순서 not 문서), but still corrects it beside a neighbour (결재 재시도), or into the word that sounds the same (결재 alone)", async () => {
    await onOwnDatabase(async (put, db) => {
      const documents = await put({ title: "문서 업로드 실패", symptom: "수점 단위가 틀린 문서." });
      const retry = await put({
        title: "결제 재시도 폭주",
        symptom: "PG 결제 재시도가 세 번 겹침.",
      });
      resetVocabulary(db);
      for (const q of ["순서", "수정", "회고", "느림"]) {
        const response = await searchWriteups(db, { q });
        expect(response.correctedQuery, q).toBeNull();
        expect(response.results.map((r) => r.id)).not.toContain(documents);
      }
      // 결재 ("approval") is a word too, but written beside 재시도 it is the common slip for 결제.
      const slip = await searchWriteups(db, { q: "결재 재시도" });
      expect(slip.correctedQuery).toBe("결제 재시도");
      expect(slip.results[0]?.id).toBe(retry);
      // A slip that is no word is corrected alone, as before.
      expect((await searchWriteups(db, { q: "뮨서" })).correctedQuery).toBe("문서");
      // Alone, and with a particle, 결재 is read as the word that sounds the same (ㅐ and ㅔ are
      // one sound today), since no write-up holds 결재 and some hold 결제; the page offers 결재.
      for (const q of ["결재", "결재가"]) {
        const alone = await searchWriteups(db, { q });
        expect(alone.correctedQuery, q).toBe("결제");
        expect(alone.originalQuery, q).toBe(q);
        expect(alone.results[0]?.id, q).toBe(retry);
      }
      // Searched exactly, it is left alone.
      expect((await searchWriteups(db, { q: "결재", exact: true })).results).toEqual([]);
      // Where write-ups hold 결재 (a sign-off), it is their word, not a slip.
      const signOff = await put({ title: "결재 문서 누락", symptom: "결재 요청이 사라짐." });
      resetVocabulary(db);
      const approval = await searchWriteups(db, { q: "결재" });
      expect(approval.correctedQuery).toBeNull();
      expect(approval.results.map((r) => r.id)).toEqual([signOff]);
    });
  });

  it("corrects a Hangul word only into a word a write-up writes, never two syllables met across a space", async () => {
    await onOwnDatabase(async (put, db) => {
      // "가 아니라", "수 자체": the Korean columns pair 가아 and 수자 across the space, many times.
      for (let i = 0; i < 6; i++)
        await put({
          title: `알림톡 템플릿 ${i}`,
          symptom: "발송이 안 된 원인은 서버가 아니라 템플릿 코드였다. 재시도 횟수 자체는 정상.",
        });
      const answer = await put({ title: "엑셀 업로드", symptom: "날짜 칸이 숫자로 들어감." });
      resetVocabulary(db);
      const read = async (q: string) => {
        const response = await searchWriteups(db, { q });
        return { corrected: response.correctedQuery, ids: response.results.map((r) => r.id) };
      };
      // 가요 (a verb: "doesn't go out") and 숫자 are not typos of 가아 and 수자.
      expect((await read("알림톡 안 가요")).corrected).toBeNull();
      expect((await read("템플릿 수저")).corrected).toBeNull();
      // A word written with an ending ("숫자로") or bare ("정상.") is one: its typos are read so.
      expect(await read("엑셀 숫지")).toEqual({
        corrected: "엑셀 숫자",
        ids: expect.arrayContaining([answer]),
      });
      expect((await read("템플릿 정싱")).corrected).toBe("템플릿 정상");
    });
  });

  it("never rewrites a word the synonym table knows (로그아웃 is not '로그 아웃'), and meets the words it is written apart as (logout: log out)", async () => {
    await onOwnDatabase(async (put, db) => {
      // 로그 and 아웃 (of 타임아웃) in one write-up: read as two words run together, 로그아웃 met it.
      const decoy = await put({ title: "결제 타임아웃", symptom: "PG 로그에 타임아웃이 찍힘." });
      resetVocabulary(db);
      const response = await searchWriteups(db, { q: "로그아웃" });
      expect(response.correctedQuery).toBeNull();
      expect(response.results.map((r) => r.id)).not.toContain(decoy);
      // A word the table does not know is still read as two words run together.
      expect((await searchWriteups(db, { q: "결제로그" })).correctedQuery).toBe("결제 로그");
      // Its partner "logout", which the write-ups write apart ("log out", "logged out"), meets
      // them; typed in English, "logout" is read as "log out".
      const answer = await put({
        title: "Admins are logged out after 12 hours",
        symptom: "Users log out at noon without asking.",
      });
      resetVocabulary(db);
      const korean = await searchWriteups(db, { q: "로그아웃" });
      expect(korean.results[0]?.id).toBe(answer);
      expect(korean.correctedQuery).toBeNull();
      const english = await searchWriteups(db, { q: "logout" });
      expect(english.correctedQuery).toBe("log out");
      expect(english.results[0]?.id).toBe(answer);
    });
  });

  it("meets a partner the write-ups hold whole where it is written apart too, as typed in English (타임아웃: timeout and 'times out')", async () => {
    await onOwnDatabase(async (put, db) => {
      const whole = await put({
        title: "PG timeout on card payments",
        symptom: "The gateway answered after the timeout.",
      });
      const apart = await put({
        title: "Monthly invoice export times out",
        symptom: "The export of a large month stops before it ends.",
      });
      const other = await put({ title: "Refund button missing", symptom: "No refund for staff." });
      resetVocabulary(db);
      const ids = async (q: string) =>
        (await searchWriteups(db, { q })).results.map((r) => r.id).sort();
      const english = await ids("timeout");
      expect(english).toEqual([whole, apart].sort());
      // The Korean word reaches the same write-ups as its English partner typed.
      expect(await ids("타임아웃")).toEqual(english);
      expect(await ids("결제 타임아웃")).not.toContain(other);
    });
  });

  it("meets a partner no write-up holds as written in the form the stemmer indexes apart (디플로이먼트: deployment, written 'deployed')", async () => {
    await onOwnDatabase(async (put, db) => {
      const answer = await put({
        title: "Old API key kept working",
        symptom: "The key was rotated but the old pods deployed on Monday still held it.",
      });
      await put({ title: "Refund button missing", symptom: "No refund for staff." });
      resetVocabulary(db);
      const ids = async (q: string) => (await searchWriteups(db, { q })).results.map((r) => r.id);
      expect(await ids("deployment")).toEqual([answer]);
      expect(await ids("디플로이먼트")).toEqual([answer]);
    });
  });

  it("reads a word typed as one and found as two ('logout': log out) with its parts side by side first, as if typed apart", async () => {
    await onOwnDatabase(async (put, db) => {
      const apart = await put({
        title: "Whole merchant office locked out after a few failed log-ins",
        symptom: "Five failed log-ins from the office's shared address locked every account out.",
      });
      const together = await put({
        title: "Admins are logged out after 12 hours",
        symptom: "The session ends at noon although the box was ticked.",
      });
      resetVocabulary(db);
      const typedApart = await searchWriteups(db, { q: "log out" });
      expect(typedApart.results.map((r) => r.id)).toEqual([together, apart]);
      const corrected = await searchWriteups(db, { q: "logout" });
      expect(corrected.correctedQuery).toBe("log out");
      expect(corrected.results.map((r) => r.id)).toEqual([together, apart]);
    });
  });

  it("reads a corrected word where it was typed, so the words side by side in that order rank first", async () => {
    const response = await searchWriteups(t.db, { q: "결재 재시도" });
    expect(response.correctedQuery).toBe("결제 재시도");
    expect(response.results.map((r) => r.id).slice(0, 2)).toEqual([
      ids.retryInOrder,
      ids.retryReversed,
    ]);
  });

  it("keeps a Hangul word whole where it is a word of its own: 재시도 is not 재시작, and meets retry; leads' words too", async () => {
    const retry = await found("재시도");
    expect(retry).toContain(ids.retryInOrder);
    expect(retry).not.toContain(ids.restart);
    // Its English partner: "retries" in a write-up with no Hangul.
    expect(retry).toContain(ids.allWords);
    // An ending is still taken off where the shorter form is the word.
    expect(await found("푸시를")).toContain(ids.push);
    // (재시작 meets "restart": the English "Servers restarted overnight", never a 재시도 one.)
    expect((await found("재시작을")).sort()).toEqual([ids.restart, ids.stem].sort());
    // A one-syllable word the table knows loses its particle and meets its partner too.
    expect(await found("큐가")).toContain(ids.queueEn);
    const known = new Set(["큐", "재시도"]);
    expect(termOf("큐", "큐가", known)).toBe("큐");
    expect(termOf("큐가", undefined, known)).toBe("큐");
    expect(termOf("차이", undefined, known)).toBe("차이");
    expect(termOf("재시", "재시도", known)).toBe("재시도");
    expect(termOf("알림톡", "알림톡이", known)).toBe("알림톡");
    // A word a lead adds to the synonym table is read whole as well, and meets its partner.
    expect(await found("매크로")).toEqual([ids.macroKo]);
    await addSynonym(t.db, { id: 1, role: "lead" }, { term: "매크로", synonym: "macro" });
    expect((await found("매크로")).sort()).toEqual([ids.macroKo, ids.macroEn].sort());
  });

  it("transliterations meet: 타임아웃 finds timeout, cookie finds 쿠키; leads add more", async () => {
    expect(await found("타임아웃")).toContain(ids.timeout);
    expect(await found("cookie")).toContain(ids.cookie);
    expect(await found("로드밸런서")).toEqual([ids.sticky]);
    // "balancer" meets 밸런서 from the seed; a team's own short form is a lead's to add.
    expect(await found("balancer")).toEqual([ids.sticky]);
    expect(await found("lb")).toEqual([]);
    const lead = { id: 1, role: "lead" as const };
    expect(await addSynonym(t.db, lead, { term: "로드밸런서", synonym: "lb" })).toEqual({
      ok: true,
      term: "로드밸런서",
      synonym: "lb",
    });
    expect(await found("lb")).toEqual([ids.sticky]);
    // The same pair again, either way round or typed decomposed (NFD), is said to be there.
    for (const [term, synonym] of [
      ["로드밸런서", "LB"],
      ["lb", "로드밸런서"],
      ["lb", "로드밸런서".normalize("NFD")],
    ] as const)
      expect(await addSynonym(t.db, lead, { term, synonym })).toEqual({
        ok: false,
        error: expect.stringMatching(/^knowledge\.synonyms\.exists\|/),
      });
    const pairs = await t.db
      .selectFrom("search_synonyms")
      .select("synonym")
      .where("term", "in", ["로드밸런서", "lb"])
      .execute();
    expect(pairs.filter((p) => p.synonym === "lb" || p.synonym === "로드밸런서")).toHaveLength(1);
    const mentor = { id: 2, role: "mentor" as const };
    expect((await addSynonym(t.db, mentor, { term: "a", synonym: "b" })).ok).toBe(false);
  });

  it("the services and terms Korean teams write in Hangul meet their English (migration 0027)", async () => {
    await add("naver", {
      title: "네이버 로그인 콜백에서 invalid_state 에러",
      symptom: "state 를 저장한 세션 쿠키가 콜백 요청에 붙지 않았다.",
    });
    await add("charset", {
      title: "Partner API answers garbled names",
      symptom: "The partner sent EUC-KR without a charset in Content-Type.",
    });
    await add("cronjob", {
      title: "포인트 소멸 CronJob 이 겹쳐 실행됨",
      symptom: "이전 잡이 끝나기 전에 다음 잡이 시작됐다.",
    });
    expect((await found("naver 로그인"))[0]).toBe(ids.naver);
    expect((await found("캐릭터셋 깨짐"))[0]).toBe(ids.charset);
    expect((await found("크론잡 겹쳐서 실행됨"))[0]).toBe(ids.cronjob);
    expect((await found("state 불일치"))[0]).toBe(ids.naver);
  });

  it("Korean everyday words meet the word the write-up uses for the same thing (migration 0028)", async () => {
    await add("oldPrice", {
      title: "앱에 예전 금액이 계속 보임",
      symptom: "금액을 바꿨는데 목록 화면에는 예전 금액이 남아 있었다.",
    });
    await add("frozenApi", {
      title: "정산 API 가 새벽에 멈춤",
      symptom: "커넥션이 끊긴 뒤 재연결을 하지 않아 요청이 쌓였다.",
    });
    // The typed word alone, in a write-up about something else; the other word, in many.
    await add("oldAddress", { title: "옛날 주소로 배송됨", symptom: "주소 변경이 늦게 반영됐다." });
    await add("deadChat", { title: "상담 채팅 먹통", symptom: "웹소켓 연결이 끊겼다." });
    for (let i = 0; i < 4; i++)
      await add(`amount${i}`, {
        title: `정산 금액 반올림 ${i}`,
        symptom: `정산 금액이 ${i}원 어긋났다.`,
      });
    expect((await found("옛날 금액"))[0]).toBe(ids.oldPrice);
    expect((await found("정산 먹통"))[0]).toBe(ids.frozenApi);
  });

  it("what a screen does wrong, written in Hangul, meets its English (migration 0031)", async () => {
    await add("loading", {
      title: "Dashboard stuck on the loading spinner",
      symptom: "The first request never settled, so the loading state stayed.",
    });
    await add("popup", {
      title: "Consent popup blocks checkout on Safari",
      symptom: "The popup opened behind the payment sheet.",
    });
    await add("coding", { title: "응답 인코딩 오류", symptom: "코딩 규칙과 다른 문자셋." });
    await add("image", {
      title: "Product image missing after the CDN move",
      symptom: "Listing pages showed a broken image icon.",
    });
    await add("already", { title: "이미 결제된 주문이 다시 결제됨", symptom: "이미 승인된 건." });
    resetVocabulary(t.db);
    // 이미지 (image) is in no Korean write-up here: it was read as a typo of 이미 ("already").
    const image = await searchWriteups(t.db, { q: "이미지가 안 보여요" });
    expect(image.correctedQuery).toBeNull();
    expect(image.results[0]?.id).toBe(ids.image);
    const loading = await searchWriteups(t.db, { q: "대시보드 계속 로딩" });
    expect(loading.correctedQuery).toBeNull();
    expect(loading.results[0]?.id).toBe(ids.loading);
    expect((await found("결제 팝업"))[0]).toBe(ids.popup);
  });

  it("the actions Koan's Korean screens name meet their English (migration 0032)", async () => {
    await add("csvImport", {
      title: "Settlement CSV import fails on refund lines",
      symptom: "Rows with a negative amount broke the parser.",
    });
    await add("fetched", {
      title: "정산 파일 가져오기 후 이름 깨짐",
      symptom: "파일 인코딩이 EUC-KR 이었다.",
    });
    await add("declined", {
      title: "Card declined with do_not_honor is not retried",
      symptom: "The issuer declined the first attempt.",
    });
    resetVocabulary(t.db);
    expect((await found("CSV 가져오기 실패"))[0]).toBe(ids.csvImport);
    expect((await found("카드 결제 거절"))[0]).toBe(ids.declined);
  });

  it("a cluster's words in Hangul are words, not typos: 파드 is never searched as 카드 (migration 0036)", async () => {
    await add("cardDelay", {
      title: "카드 승인 결과가 늦게 옴",
      symptom: "카드사 응답이 10초 넘게 걸렸다.",
    });
    resetVocabulary(t.db);
    // No write-up holds 파드 (pod) yet: it used to read as a one-letter typo of 카드 (card).
    const before = await searchWriteups(t.db, { q: "쿠버네티스 파드 재시작 루프" });
    expect(before.correctedQuery).toBeNull();
    expect(before.results.map((r) => r.id)).not.toContain(ids.cardDelay);
    await add("podLoop", {
      title: "Checkout pod stuck in a restart loop",
      symptom: "The liveness probe timed out during start-up, so Kubernetes kept restarting it.",
    });
    resetVocabulary(t.db);
    const after = await searchWriteups(t.db, { q: "쿠버네티스 파드 재시작 루프" });
    expect(after.correctedQuery).toBeNull();
    expect(after.results[0]?.id).toBe(ids.podLoop);
    expect((await found("라이브니스 프로브 타임아웃"))[0]).toBe(ids.podLoop);
  });

  it("a shop's, its mail's and its browsers' words in Hangul meet their English (migration 0042)", async () => {
    await add("spamFolder", {
      title: "Receipt e-mails land in Gmail's spam folder",
      symptom: "The DKIM signature check failed after the DNS move.",
    });
    await add("mailLate", {
      title: "주문 확인 메일 발송 지연",
      symptom: "메일 발송 워커가 밀려서 한 시간 늦게 나갔다.",
    });
    await add("checkoutTwice", {
      title: "Double-clicking Pay at checkout charges the card twice",
      symptom: "Two requests reached the gateway before the button was disabled.",
    });
    resetVocabulary(t.db);
    const spam = await searchWriteups(t.db, { q: "메일이 스팸으로 가요" });
    expect(spam.correctedQuery).toBeNull();
    expect(spam.results[0]?.id).toBe(ids.spamFolder);
    expect(await found("체크아웃")).toContain(ids.checkoutTwice);
  });

  it("a web page's and its code's words in Hangul meet their English (migration 0043)", async () => {
    await add("hydration", {
      title: "Hydration error on the transactions page for Korean browsers",
      symptom: "React warns that the server HTML did not match: dates rendered in another locale.",
    });
    await add("paymentError", {
      title: "결제 오류 E4012: PG 응답 대기 시간 초과",
      symptom: "결제 버튼을 누르면 오류가 나고 30초 뒤에 실패 화면이 보임.",
    });
    await add("hook", {
      title: "Webhook deliveries retried forever after a 410",
      symptom: "The sender kept retrying a webhook the partner had removed.",
    });
    resetVocabulary(t.db);
    // 하이드레이션 found nothing, and with 오류 the payment error came first.
    expect(await found("하이드레이션")).toEqual([ids.hydration]);
    const withError = await searchWriteups(t.db, { q: "하이드레이션 오류" });
    expect(withError.results[0]?.id).toBe(ids.hydration);
    // 웹후크 is written as often as 웹훅, which already met "webhook".
    expect(await found("웹후크")).toContain(ids.hook);
  });

  it("a billing or sign-in ticket's words in Hangul meet their English (migration 0043)", async () => {
    await add("dollar", {
      title: "Invoice PDF shows a dollar sign for KRW merchants",
      symptom: "The invoice total reads $ instead of ₩.",
    });
    await add("decimals", {
      title: "대시보드 금액이 소수점 두 자리로 표시됨",
      symptom: "인보이스 화면과 대시보드에서 원화 금액이 ₩1,234.00 처럼 표시됨.",
    });
    await add("lockedOut", {
      title: "Whole merchant office locked out after a few failed log-ins",
      symptom: "Their accounts were locked for everyone behind one address.",
    });
    await add("slowSearch", {
      title: 'Searching "payment" takes two seconds',
      symptom: "Search is slow on the biggest merchants.",
    });
    await add("xlsx", { title: "XLSX files are rejected", symptom: "Uploading an .xlsx fails." });
    resetVocabulary(t.db);
    const first = async (q: string) => (await searchWriteups(t.db, { q })).results[0]?.id;
    // The Korean write-up that shares 표시 and 인보이스 came first.
    expect(await first("인보이스 달러 표시")).toBe(ids.dollar);
    expect(await found("계정 잠김")).toContain(ids.lockedOut);
    // 느려요 is read as 느리 ("slow"), and was corrected to 그리.
    const slow = await searchWriteups(t.db, { q: "검색이 너무 느려요" });
    expect(slow.correctedQuery).toBeNull();
    expect(slow.results[0]?.id).toBe(ids.slowSearch);
    // Excel and 엑셀 share 엑셀's partners: both meet XLSX.
    expect(await found("엑셀 업로드")).toContain(ids.xlsx);
    expect(await found("excel")).toContain(ids.xlsx);
  });

  it("words that share a partner meet: 에러 finds 오류, as both stand for 'error'", async () => {
    const response = await searchWriteups(t.db, { q: "쿠키 에러" });
    expect(response.results[0]).toMatchObject({ id: ids.cookie, matchedAll: true });
    const synonyms = await synonymsOf(t.db);
    expect(synonyms.get("에러")).toEqual(expect.arrayContaining(["error", "오류"]));
    expect(synonyms.get("칼럼")).toEqual(expect.arrayContaining(["column", "컬럼"]));
    expect(synonyms.get("error")).not.toContain("error");
  });
});

describe("short forms", () => {
  it("the short forms engineers type meet the word spelled out (migration 0029)", async () => {
    await add("integer", {
      title: "Order ids stopped at two billion",
      symptom:
        "New orders failed once the order id column, a signed 32-bit integer, reached its limit: an overflow nobody had planned for.",
    });
    await add("creds", {
      title: "Nightly export lost its access",
      symptom:
        "The export job used credentials that were rotated on Friday and failed all weekend.",
    });
    // Short write-ups that hold the other word, where bm25 weighs it most.
    for (let i = 0; i < 4; i++) {
      await add(`overflow${i}`, { title: `Text overflow ${i}`, symptom: "The label overflowed." });
      await add(`rotated${i}`, { title: `Logs rotated ${i}`, symptom: "Old logs rotated away." });
    }
    // Every write-up holding "integer" and "overflow" comes before the ones holding "overflow" only.
    const int = await searchWriteups(t.db, { q: "int overflow" });
    expect(int.results[0]?.matchedAll).toBe(true);
    const place = (id: number | undefined) => int.results.findIndex((r) => r.id === id);
    expect(place(ids.integer)).toBeGreaterThanOrEqual(0);
    for (let i = 0; i < 4; i++) expect(place(ids.integer)).toBeLessThan(place(ids[`overflow${i}`]));
    expect((await found("rotated creds"))[0]).toBe(ids.creds);
  });
});

describe("English words for the same thing", () => {
  it("a newcomer's word meets the write-up's, in any form of either (migration 0030)", async () => {
    await onOwnDatabase(async (put, db) => {
      const overloaded = await put({
        title: "Login service fell over after a retry storm",
        symptom: "Every client retried at once and the login service was overloaded for an hour.",
      });
      const restart = await put({
        title: "Import workers stuck on a lock",
        symptom: "The import workers waited on a stale lock until we restarted them by hand.",
      });
      // Short write-ups holding the other words of the queries, where bm25 weighs them most.
      for (let i = 0; i < 4; i++) {
        await put({ title: `Login page ${i} slow`, symptom: `The login page ${i} was slow.` });
        await put({ title: `Export workers ${i}`, symptom: `Export workers ${i} ran late.` });
      }
      resetVocabulary(db);
      const swamped = await searchWriteups(db, { q: "login overwhelmed" });
      expect(swamped.results[0]).toMatchObject({ id: overloaded, matchedAll: true });
      // "rebooted" is a form of the table's "reboot", whose partner is "restart" ("restarted").
      const rebooted = await searchWriteups(db, { q: "workers rebooted " });
      expect(rebooted.results[0]).toMatchObject({ id: restart, matchedAll: true });
    });
  });

  it("a word in its other English spelling is the same word, not a typo ('organisation': organization)", async () => {
    await onOwnDatabase(async (put, db) => {
      const invites = await put({
        title: "Organization invites expire too early",
        symptom: "Invites sent from the organization page expired after one hour.",
      });
      const canceled = await put({
        title: "Canceled orders still charged",
        symptom: "An order canceled before shipping was charged anyway.",
      });
      for (let i = 0; i < 4; i++)
        await put({ title: `Invites batch ${i}`, symptom: `Invites of batch ${i} went out late.` });
      resetVocabulary(db);
      const british = await searchWriteups(db, { q: "organisation invites" });
      // Not "Showing results for organization": it is the same word, and the highlight says so.
      expect(british.correctedQuery).toBeNull();
      expect(british.results[0]).toMatchObject({ id: invites, matchedAll: true });
      expect(british.results[0]?.snippet.some((p) => p.hit && /organization/i.test(p.text))).toBe(
        true,
      );
      const cancelled = await searchWriteups(db, { q: "cancelled orders charged" });
      expect(cancelled.correctedQuery).toBeNull();
      expect(cancelled.results[0]).toMatchObject({ id: canceled, matchedAll: true });
      // A spelling the dictionary lacks is never made up ("error" has no "errour").
      expect(await spellingForms(db, "errors")).toEqual([]);
    });
  });

  it("other forms of a word share its partners, but not short words' or a word being begun's", async () => {
    const synonyms = await synonymsOf(t.db);
    expect(await partnersOf(t.db, synonyms, "rebooting")).toContain("restart");
    expect(await partnersOf(t.db, synonyms, "tokens")).toContain("토큰");
    // "mars" stems to "mar", which the table pairs with March: a short word is looked up as typed.
    expect(synonyms.get("mar")).toContain("march");
    expect(await partnersOf(t.db, synonyms, "mars")).toEqual([]);
    // "Kubernete" being typed is the start of "kubernetes", not a form of it: no 쿠버네티스.
    const typing = await searchWriteups(t.db, { q: "Kubernete" });
    expect(typing.terms).toEqual(["kubernete"]);
    const prepared = await prepare(t.db, parseQuery("Kubernete"));
    expect(prepared.words.hangul).toEqual([]);
    expect((await prepare(t.db, parseQuery("kubernetes "))).words.hangul).toContain("쿠버네티스");
  });
});

describe("other forms of a word", () => {
  beforeAll(async () => {
    // A unit typed alone: the index holds "1.35Tbps" as 1 and 35tbp, and "tops" is one edit away.
    await add("tbps", {
      title: "Edge overloaded during an attack",
      symptom: "The edge took 1.35Tbps of traffic for ten minutes.",
    });
    await add("tops", { title: "Tops of the leaderboard stale", symptom: "The tops list lags." });
    // A note's verb noun (늘림) against a write-up's other form of the verb (늘리고).
    await add("raise", {
      title: "커넥션 풀 부족으로 주문 실패",
      symptom: "커넥션 풀 크기를 50으로 늘리고 경보를 걸었다.",
    });
    await add("keptLonger", {
      title: "감사 로그 보관 기간",
      symptom: "로그 보관 기간 늘림. 커넥션 풀 설정은 그대로.",
    });
    // The verb's stem run into its ending (깨지 + 어서: 깨져서), against a write-up holding only
    // the query's other word.
    await add("garbled", {
      title: "제휴사 응답의 한글이 물음표로 깨져서 저장됨",
      symptom: "charset 없는 응답을 UTF-8로 읽었다.",
    });
    await add("hangulName", {
      title: "첨부파일 한글 파일명이 밑줄로 바뀜",
      symptom: "다운로드할 때 파일명 인코딩을 빠뜨렸다.",
    });
    resetVocabulary(t.db);
  });

  it("stems the words of calls made at once, each call its own (two unknown words in one query)", async () => {
    const asked = [["servers"], ["tbps", "running"], ["retries"], ["gbps"]];
    const got = await Promise.all(asked.map((words) => stems(t.db, words)));
    expect(got).toEqual([["server"], ["tbp", "run"], ["retri"], ["gbp"]]);
    const both = await searchWriteups(t.db, { q: "tbps gbps traffic" });
    expect(both.results[0]?.id).toBe(ids.tbps);
  });

  it("a unit typed alone finds the number it follows, not another word one edit away", async () => {
    const alone = await searchWriteups(t.db, { q: "Tbps" });
    expect(alone.correctedQuery).toBeNull();
    expect(alone.results[0]?.id).toBe(ids.tbps);
    const typed = await searchWriteups(t.db, { q: "tbps traffic " });
    expect(typed.results[0]).toMatchObject({ id: ids.tbps, matchedAll: true });
  });

  it("a verb's noun form finds the verb's other forms: 늘림 finds 늘리고", async () => {
    const response = await searchWriteups(t.db, { q: "커넥션 풀 늘림" });
    expect(response.correctedQuery).toBeNull();
    expect(response.results[0]).toMatchObject({ id: ids.raise, matchedAll: true });
    expect(response.results.map((r) => r.id)).toContain(ids.keptLonger);
  });

  it("a verb's noun form finds the forms its stem takes run into the ending: 깨짐 finds 깨져서", async () => {
    const response = await searchWriteups(t.db, { q: "한글 깨짐" });
    expect(response.results[0]).toMatchObject({ id: ids.garbled, matchedAll: true });
    expect(runIntoForms("깨지")).toEqual(["깨져", "깨졌"]);
    expect(runIntoForms("멈추")).toEqual(["멈춰", "멈췄"]);
    expect(runIntoForms("나오")).toEqual(["나와", "나왔"]);
    expect(runIntoForms("쓰")).toEqual([]);
    expect(runIntoForms("끊기")).toEqual(["끊겨", "끊겼"]);
    // A stem ending in a consonant, or a vowel that does not run into the ending, has none.
    expect(runIntoForms("바뀌")).toEqual([]);
    expect(runIntoForms("닫")).toEqual([]);
  });

  it("reads the stem of a verb's noun form, and leaves nouns alone", () => {
    expect(verbStemOf("늘림")).toBe("늘리");
    expect(verbStemOf("끊김")).toBe("끊기");
    expect(verbStemOf("바뀜")).toBe("바뀌");
    expect(verbStemOf("멈춤")).toBe("멈추");
    expect(verbStemOf("새로고침")).toBe("새로고치");
    // Nouns: a notification, a system, a game, a column; one syllable; Latin.
    expect(verbStemOf("알림")).toBeNull();
    expect(verbStemOf("시스템")).toBeNull();
    expect(verbStemOf("게임")).toBeNull();
    expect(verbStemOf("컬럼")).toBeNull();
    expect(verbStemOf("림")).toBeNull();
    expect(verbStemOf("stream")).toBeNull();
  });
});

describe("bounded work", () => {
  it("repeated and many phrases are read as a few distinct ones; long pastes as a few words", () => {
    const flood = parseQuery(Array.from({ length: 166 }, () => '"1 2"').join(" "));
    expect(flood.phrases).toEqual([["1", "2"]]);
    const many = parseQuery(Array.from({ length: 110 }, (_, i) => `"${i} ${i + 1}"`).join(" "));
    expect(many.phrases).toHaveLength(MAX_PHRASES);
    const long = parseQuery(Array.from({ length: 500 }, (_, i) => `word${i}`).join(" "));
    expect(long.terms.length).toBeLessThanOrEqual(40);
    expect(MAX_TERMS).toBeLessThanOrEqual(12);
  });
});

describe("a word written as two", () => {
  it("a word is met written as two words too: datacenter finds 'Data center', healthcheck 'health check'", async () => {
    await add("dcJoined", { title: "Datacenter moved", symptom: "The datacenter moved racks." });
    await add("dcSpaced", {
      title: "Data center power failure",
      symptom: "The data center lost power for an hour.",
    });
    await add("hcSpaced", {
      title: "Health check flapping",
      symptom: "The health check timed out.",
    });
    // Typed whole (the last word too: it is a word of the index already).
    expect(await found("datacenter")).toEqual(expect.arrayContaining([ids.dcJoined, ids.dcSpaced]));
    // Holding both words, written apart, before holding one of them.
    const order = await found("datacenter power");
    expect(order.indexOf(ids.dcSpaced as number)).toBeGreaterThanOrEqual(0);
    expect(order.indexOf(ids.dcSpaced as number)).toBeLessThan(
      order.indexOf(ids.dcJoined as number),
    );
    expect(await found("healthcheck flapping")).toContain(ids.hcSpaced);
  });

  it("a five-letter word is met written apart ('login': log in, log-in), and 'email' as 'e-mail'", async () => {
    await onOwnDatabase(async (put, db) => {
      const loginLoop = await put({
        title: "Okta SSO log-in loops back to the log-in page",
        symptom: "People could not log in after the upgrade.",
      });
      const remember = await put({
        title: "Admins are logged out despite Remember me",
        symptom: "They have to log in again every 12 hours.",
      });
      const mailed = await put({
        title: "Search crashes on pasted e-mail addresses",
        symptom: "Pasting an e-mail address into search fails.",
      });
      await put({ title: "Login button misaligned", symptom: "The login button sits too low." });
      resetVocabulary(db);
      const found = async (q: string) => (await searchWriteups(db, { q })).results.map((r) => r.id);
      expect(await found("login")).toEqual(expect.arrayContaining([loginLoop, remember]));
      expect(await found("login loops")).toEqual(expect.arrayContaining([loginLoop]));
      expect((await found("login loops"))[0]).toBe(loginLoop);
      expect(await found("email")).toContain(mailed);
      expect(await found("email search crash")).toEqual([mailed]);
    });
  });

  it("the two-word form weighs as the word, never more: 'backup' does not prefer a rare 'back up'", async () => {
    // "back up" side by side is rarer than "backup": at its own rarity, the one text saying
    // "back up the generators" outranked the backup generators themselves.
    await add("genAnswer", { title: "Power cut", symptom: "The backup generators did not start." });
    await add("genDecoy", { title: "Power cut", symptom: "Please back up the generators config." });
    for (let i = 0; i < 5; i++)
      await add(`genBackup${i}`, { title: `Nightly job ${i}`, symptom: "The backup ran late." });
    expect(await spacedForm(t.db, "backup")).toEqual(["back", "up"]);
    const order = await found("backup generators");
    expect(order[0]).toBe(ids.genAnswer);
    expect(order).toContain(ids.genDecoy);
  });

  it("two common words met once by chance are no spelling of the word: 'overloaded' is not 'over loaded'", async () => {
    await onOwnDatabase(async (put, db) => {
      // Sixty write-ups hold both halves apart; one holds them side by side, as a sentence would.
      for (let i = 0; i < 60; i++)
        await put({
          title: `Cart ${i} loaded slowly`,
          symptom: `The cart page loaded its prices over a slow link ${i}.`,
        });
      const chance = await put({ title: "Cart prices", symptom: "A cart over loaded with items." });
      const answer = await put({ title: "Queue overloaded", symptom: "The queue was overloaded." });
      expect(await spacedForm(db, "overloaded")).toBeNull();
      const results = (await searchWriteups(db, { q: "overloaded queue" })).results;
      expect(results[0]?.id).toBe(answer);
      expect(results.map((r) => r.id)).not.toContain(chance);
      // Where the two words are a way of writing the word (a fair share of those holding the
      // rarer half), they still are: "data center" beside "datacenter".
      await put({ title: "Datacenter moved", symptom: "The datacenter moved racks." });
      await put({ title: "Data center power", symptom: "The data center lost power." });
      resetVocabulary(db);
      expect(await spacedForm(db, "datacenter")).toEqual(["data", "center"]);
    });
  });

  it("a half stemmed as the whole word is no split: 'certificate' is not 'certific ate'", async () => {
    // "certific ate" is indexed as certificate + at: the split met "Certificate at" in any text,
    // at a phrase's rarity, and a junk text saying so outranked the answer.
    await add("certAt", {
      title: "Edge proxy",
      symptom: "Certificate at the edge was rotated. Certificate at the origin too.",
    });
    await add("certTitle", { title: "Certificate expired on the edge proxy", symptom: "It did." });
    resetVocabulary(t.db);
    expect(await spacedForm(t.db, "certificate")).toBeNull();
    expect(await spacedForm(t.db, "datacenter")).toEqual(["data", "center"]);
    expect((await found("certificate edge"))[0]).toBe(ids.certTitle);
  });
});

describe("synonyms weigh as the word typed", () => {
  it("a rarer synonym is worth no more than the word: 'certificate' finds English write-ups before the one 인증서 write-up", async () => {
    await add("certKo", { title: "인증서 만료로 접속 불가", symptom: "인증서가 어제 만료되었다." });
    for (const [i, what] of ["gateway", "mail relay", "webhook receiver", "VPN", "CDN"].entries())
      await add(`certEn${i}`, {
        title: `Certificate expired on the ${what}`,
        symptom: `The ${what} certificate expired yesterday.`,
      });
    const order = await found("certificate");
    expect(order).toContain(ids.certKo);
    // Before, bm25 gave the Korean write-up its synonym's rarity: first, above all five.
    expect(order.indexOf(ids.certKo as number)).toBeGreaterThan(0);
    expect([0, 1, 2, 3, 4].map((i) => ids[`certEn${i}`])).toContain(order[0]);
    // Typed in Korean, the Korean write-up is first: the word typed weighs most.
    expect((await found("인증서"))[0]).toBe(ids.certKo);
  });
});

describe("three-letter words", () => {
  it("are never corrected: an acronym the index lacks ('ssl') is not another one ('sql')", async () => {
    await add("sqlLock", { title: "SQL migration locked the orders table", symptom: "It did." });
    await add("certRotated", { title: "Gateway certificate rotated", symptom: "It was." });
    resetVocabulary(t.db);
    const response = await searchWriteups(t.db, { q: "ssl certificate" });
    expect(response.correctedQuery).toBeNull();
    expect(response.results.map((r) => r.id)).toContain(ids.certRotated);
    expect(response.results.map((r) => r.id)).not.toContain(ids.sqlLock);
    // Four letters and more still are.
    expect((await readAs("certficate rotated")).corrected).toBe("certificate rotated");
  });
});

describe("a run of the query's words among many holding them all", () => {
  it("a two-word query held side by side comes first among many holding both words apart", async () => {
    // Two words each held by two dozen short write-ups, where bm25 weighs them most; the answer
    // names them side by side once, in a long text. Typed as a name, without a space after it:
    // the pair is the query, so its holder scores for it (and joins the page from anywhere).
    await onOwnDatabase(async (put, db) => {
      for (let i = 0; i < 80; i++)
        await put({ title: `Invoice run ${i}`, symptom: `Export ${i} was late again.` });
      for (let i = 0; i < 24; i++)
        await put({
          title: `Quasar sweep ${i}`,
          symptom: `The hopper stalled; the gantry ${i} and the quasar were fine.`,
        });
      const answer = await put({
        title: "Night shift notes",
        symptom:
          "After the deploy the operators wrote a long account of the evening, the alarms, the dashboards and the calls, and somewhere in it the quasar hopper stopped twice before midnight while the rest of the line kept going as usual.",
      });
      const response = await searchWriteups(db, { q: "quasar hopper" });
      expect(response.results.filter((r) => r.matchedAll).length).toBeGreaterThanOrEqual(20);
      expect(response.results[0]?.id).toBe(answer);
    });
  });

  it("comes first: three words in a row as typed outrank many holding them apart", async () => {
    // Its own database: two dozen write-ups would move the other tests' word shares.
    await onOwnDatabase(async (put, db) => {
      // Short write-ups holding the three words apart, where bm25 weighs them most; the answer
      // says them in a row once, in a long text. More than a page hold every word, so only a run
      // of the query's words (two rare pairs held together) can lift it.
      // (Among others that hold none of them, so the words weigh something.)
      for (let i = 0; i < 80; i++)
        await put({ title: `Invoice run ${i}`, symptom: `Export ${i} was late again.` });
      for (let i = 0; i < 24; i++)
        await put({
          title: `Quasar sweep ${i}`,
          symptom: `The hopper stalled; the gantry ${i} and the quasar were fine.`,
        });
      const answer = await put({
        title: "Night shift notes",
        symptom:
          "After the deploy the operators wrote a long account of the evening, the alarms, the dashboards and the calls, and somewhere in it the quasar hopper gantry stopped twice before midnight while the rest of the line kept going as usual.",
      });
      // (The last word typed in full: a word still being typed ends no pair.)
      const response = await searchWriteups(db, { q: "quasar hopper gantry " });
      expect(response.results.filter((r) => r.matchedAll).length).toBeGreaterThanOrEqual(20);
      expect(response.results[0]?.id).toBe(answer);
      // The pairs' holders are read once per version of the write-ups: a new one counts at once.
      const second = await put({
        title: "Morning handover",
        symptom:
          "The early crew wrote down the whole shift, calls and dashboards included, and noted that the quasar hopper gantry stopped once more before the line was back to normal speed.",
      });
      const again = await searchWriteups(db, { q: "quasar hopper gantry " });
      expect(again.results.slice(0, 2).map((r) => r.id)).toEqual(
        expect.arrayContaining([answer, second]),
      );
    });
  });
});

describe("grammar words in a query", () => {
  it("a query leaves out 있, 없, 못, 안 and the like once two other words say what it is about", () => {
    const read: [string, string[]][] = [
      ["대시보드 매출 숫자가 부풀려져 있어요", ["대시보드", "매출", "숫자", "부풀려져"]],
      ["푸시를 못 받음 안드로이드", ["푸시", "받음", "안드로이드"]],
      // Too few other words: they stay. Typed last, bare, one may be a longer word's start.
      ["안 돼요", ["안", "돼요"]],
      ["결제 오류 안", ["결제", "오류", "안"]],
      // 하다's and 되다's own forms too, even typed last: 돼요 is no word's start.
      ["결제 반영 안 돼요", ["결제", "반영"]],
      // Their forms that carry the sentence on, typed apart, and 됐어요's stem.
      ["로그인 하면 튕겨요", ["로그인", "튕기"]],
      ["로그인 하는데 튕겨요", ["로그인", "튕기"]],
      ["주문했는데 결제가 두 번 됐어요", ["주문", "결제", "두", "번"]],
      ["배포 되고 나서 결제 오류", ["배포", "결제", "오류"]],
      // 나다's, as an error "happens": 나요, and 났어요's stem.
      ["결제할 때 에러가 나요", ["결제", "에러"]],
      ["정산 금액 차이가 났어요", ["정산", "금액", "차이"]],
      ["정산 금액이 되게 이상하게 나와요", ["정산", "금액", "이상", "나오"]],
      // English's "not" as well; typed last it may be "notification" being typed.
      ["Polish keyboard key not working", ["polish", "keyboard", "key", "working"]],
      ["email receipt not", ["email", "receipt", "not"]],
    ];
    for (const [q, terms] of read) expect(parseQuery(q).terms, q).toEqual(terms);
    // The word left out was complete: no word left is read as one being typed.
    expect(parseQuery("대시보드 매출 숫자가 부풀려져 있어요").prefixLast).toBe(false);
  });

  it("안 돼요 is not read as a typo of another word (도요): the words that say what broke are searched", async () => {
    await onOwnDatabase(async (put, db) => {
      const answer = await put({
        title: "정기결제 후 결제 내역 반영이 늦음",
        symptom: "카드 결제는 됐는데 결제 내역 반영이 한 시간 늦음.",
      });
      await put({
        title: "도요 물류 창고 연동 오류",
        symptom: "도요 창고의 입고 결제 파일이 비어 있음.",
      });
      resetVocabulary(db);
      const response = await searchWriteups(db, { q: "결제 반영 안 돼요" });
      expect(response.correctedQuery).toBeNull();
      expect(response.results[0]?.id).toBe(answer);
    });
  });

  it("a polite verb form is read as its verb, never as a typo: '이미지가 안 보여요' finds 보임 and 보였다", async () => {
    await onOwnDatabase(async (put, db) => {
      const shown = await put({
        title: "상품 이미지가 안 보임",
        symptom: "CDN 주소가 바뀌어서 이미지가 깨져 보였다.",
      });
      const past = await put({
        title: "썸네일 이미지 누락",
        symptom: "업로드 직후 이미지가 회색으로 보였다.",
      });
      // 보여준 is one letter from 보여요: before, the search was shown as "이미지 보여준".
      const decoy = await put({
        title: "이미지 미리보기 기능",
        symptom: "관리자에게 이미지를 보여준다.",
      });
      resetVocabulary(db);
      const response = await searchWriteups(db, { q: "이미지가 안 보여요" });
      expect(response.correctedQuery).toBeNull();
      expect(response.terms).toEqual(["이미지", "보이"]);
      // (보여준다 holds 보여 too: it may follow, as the same letters.)
      const order = response.results.map((r) => r.id);
      expect(order[0]).toBe(shown);
      expect(order.slice(0, 3)).toEqual(expect.arrayContaining([past, decoy]));
    });
  });

  it("each form of a word counts once: '자동완성 느려요' puts the slow autocompletion before a slow list holding 느림 alone", async () => {
    // 느려요's contracted forms and its stem's forms both hold 느림: the group named it twice,
    // and bm25() counted a write-up holding 느림 twice (its score doubled).
    const group = groupAtom(['"느리"', '"느림"', '"느림"']);
    expect(group.match(/느림/g)).toHaveLength(1);
    await onOwnDatabase(async (put, db) => {
      const autocomplete = await put({
        title: "검색 자동완성이 2초 넘게 걸림",
        symptom: "검색창에 글자를 입력할 때 추천어가 한참 뒤에 나타남. 자동완성 쿼리가 풀 스캔.",
      });
      const orders = await put({
        title: "주문 목록 조회가 느림",
        symptom: "마이페이지 주문 목록이 8초 걸림.",
      });
      // Slowness is commoner than autocompletion, as in any knowledge base, among write-ups
      // about other things.
      await put({ title: "정산 화면이 느림", symptom: "월말에 정산 화면 로딩이 오래 걸림." });
      await put({ title: "관리자 통계가 느림", symptom: "통계 쿼리가 풀 스캔." });
      for (const n of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16])
        await put({
          title: `쿠폰 ${n}번 발급 실패`,
          symptom: "쿠폰 코드가 중복되어 발급이 거절됨.",
        });
      resetVocabulary(db);
      const order = (await searchWriteups(db, { q: "자동완성 느려요" })).results.map((r) => r.id);
      expect(order[0]).toBe(autocomplete);
      expect(order.slice(0, 4)).toContain(orders);
    });
  });

  it("an adverb of how often is no query word: '앱이 자꾸 튕겨요' is not read as 바꾸 (change)", async () => {
    await onOwnDatabase(async (put, db) => {
      const answer = await put({
        title: "앱이 실행 직후 튕김",
        symptom: "iOS 17에서 앱이 켜자마자 튕겨서 종료됨.",
      });
      await put({ title: "앱 아이콘 바꾸기", symptom: "앱 아이콘을 바꾸면 캐시가 남음." });
      resetVocabulary(db);
      const response = await searchWriteups(db, { q: "앱이 자꾸 튕겨요" });
      expect(response.correctedQuery).toBeNull();
      expect(response.terms).toEqual(["앱", "튕기"]);
      expect(response.results[0]?.id).toBe(answer);
    });
  });

  it("후 (after) and 중 (during) say when, not what: '카드 교체 후 재시도 배너' is about the card", async () => {
    await onOwnDatabase(async (put, db) => {
      const answer = await put({
        title: "Card declined with do_not_honor is not retried",
        symptom: "A renewal declined by the bank is never retried, and the banner stays.",
      });
      // Shares nothing with the query but 후 standing alone.
      await put({
        title: "정산 파일 가져오기 후 가맹점 이름이 깨짐",
        symptom: "가져오기 후 이름이 물음표로 보임. 배포 중 확인함.",
      });
      resetVocabulary(db);
      const response = await searchWriteups(db, { q: "카드 교체 후 재시도 배너" });
      expect(response.terms).not.toContain("후");
      expect(response.results.map((r) => r.id)).toEqual([answer]);
      const during = await searchWriteups(db, { q: "배포 중 카드 재시도" });
      expect(during.terms).not.toContain("중");
      expect(during.results[0]?.id).toBe(answer);
    });
  });

  it("하면 typed apart is not read as a typo of 화면: '로그인 하면 튕겨요' searches 로그인", async () => {
    await onOwnDatabase(async (put, db) => {
      const answer = await put({
        title: "로그인 직후 로그인 화면으로 튕김",
        symptom: "SSO 로그인 후 바로 튕겨서 다시 로그인 화면.",
      });
      await put({ title: "결제 화면 멈춤", symptom: "결제 화면이 하얗게 멈춤." });
      resetVocabulary(db);
      const response = await searchWriteups(db, { q: "로그인 하면 튕겨요" });
      // (튕겨요 may be read as the text's 튕겨서, the same verb; 하면 is never 화면.)
      expect(response.correctedQuery ?? "").not.toContain("화면");
      expect(response.terms).not.toContain("화면");
      expect(response.results[0]?.id).toBe(answer);
    });
  });

  it("a grammar word kept beside one other word, or a one-syllable noun with its particle, is no typo: 나요 is not 나오, 창이 not 차이", async () => {
    await onOwnDatabase(async (put, db) => {
      const error = await put({
        title: "정산 파일에서 에러 발생",
        symptom: "업로드하면 에러 메시지가 나오지 않고 멈춤.",
      });
      const window = await put({
        title: "결제 창 멈춤",
        symptom: "결제 창 화면이 하얗게 멈추고 PG 팝업이 안 뜸.",
      });
      // (One write-up holds 결제 and 차이: read as 결제 차이, the query would find it.)
      await put({ title: "정산 금액 차이", symptom: "결제 금액과 정산 금액에 차이가 있음." });
      resetVocabulary(db);
      const happened = await searchWriteups(db, { q: "에러 나요" });
      expect(happened.correctedQuery).toBeNull();
      expect(happened.terms).not.toContain("나오");
      expect(happened.results[0]?.id).toBe(error);
      const popup = await searchWriteups(db, { q: "결제 창이 안 떠요" });
      expect(popup.correctedQuery ?? "").not.toContain("차이");
      expect(popup.results[0]?.id).toBe(window);
    });
  });

  it("a two-syllable word met only across a space is in no write-up: 와요 of '소유자와 요청자' is not 안 와요", async () => {
    await onOwnDatabase(async (put, db) => {
      const notification = await put({
        title: "푸시 알림이 일부 사용자에게 오지 않음",
        symptom: "토큰 갱신 뒤 알림 발송이 실패한다.",
      });
      const idor = await put({
        title: "첨부파일 ID만 바꾸면 남의 파일을 받을 수 있음",
        symptom: "다운로드 API 가 소유자와 요청자를 비교하지 않았다.",
      });
      resetVocabulary(db);
      await warmSearch(db);
      const read = await searchWriteups(db, { q: "알림이 안 와요" });
      expect(read.results[0]?.id).toBe(notification);
      expect(read.results.map((r) => r.id)).not.toContain(idor);
      expect(read.correctedQuery).toBeNull();
      // Two one-syllable words typed together still meet the text's: 세번 is "세 번".
      await put({
        title: "쿠폰 할인 금액이 틀림",
        symptom: "쿠폰 두 장을 쓰면 쿠폰 할인이 한 번만 됨.",
      });
      const thrice = await put({ title: "같은 쿠폰 알림이 세 번 발송됨", symptom: "중복 발송." });
      resetVocabulary(db);
      await warmSearch(db);
      expect((await searchWriteups(db, { q: "쿠폰 세번" })).results[0]?.id).toBe(thrice);
    });
  });

  it("'X not working' finds the write-up about X, not one that says 'not' beside the same common word", async () => {
    await onOwnDatabase(async (put, db) => {
      // "works" is common, "not" a little less, "key" rare, "Polish" the rarest.
      for (let i = 0; i < 20; i++)
        await put({
          title: `Quota report ${i}`,
          symptom: `The export ${i} works again${i === 0 ? ", though not on time" : ""}.`,
        });
      const answer = await put({
        title: 'Polish users were unable to use their "Ś" key',
        symptom: 'Polish users were unable to use their "Ś" key.',
      });
      await put({
        title: "Rotated API key still works for a day",
        symptom:
          "A merchant's old key was accepted after a rotation. Revoking (not rotating) ends a key at once; a revoked key is not shown again.",
      });
      const response = await searchWriteups(db, { q: "Polish keyboard key not working" });
      expect(response.results[0]?.id).toBe(answer);
    });
  });

  it("a grammar word's noise doesn't outrank the write-up holding the words that say what broke", async () => {
    await onOwnDatabase(async (put, db) => {
      // The words that say what broke are common; 있 (as in 수 있음, 있었음) is not.
      for (let i = 0; i < 30; i++)
        await put({ title: `웹훅 결제 점검 ${i}`, symptom: `결제 웹훅 대기 목록 ${i}번 확인.` });
      const answer = await put({
        title: "카드사 웹훅이 끊겨 결제가 대기 상태로 남음",
        symptom: "방화벽 변경 뒤 카드사 웹훅이 들어오지 않아 결제가 대기에 머묾.",
      });
      for (let i = 0; i < 3; i++)
        await put({
          title: `관리자 권한 없이 다른 가맹점 주문을 볼 수 있음 ${i}`,
          symptom:
            "주문 번호만 바꾸면 결제 내역을 볼 수 있었음. 권한 검사가 있어야 했는데 못 막음.",
        });
      const response = await searchWriteups(db, { q: "웹훅을 못 받아서 결제 대기 있어요" });
      expect(response.results[0]?.id).toBe(answer);
    });
  });
});
