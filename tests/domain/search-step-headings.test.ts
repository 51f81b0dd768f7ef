import { Migrator, sql } from "kysely";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { migrateToLatest, openDatabase } from "#db/client";
import { migrations } from "#db/migrations/index";
import { STEP_HEADINGS, searchText } from "#db/search-text";
import { resetVocabulary, warmSearch } from "~/knowledge/search-vocabulary.server";
import { createWriteup, replaceWriteupContent } from "~/knowledge/writeups.server";
import { LOCALES } from "~/lib/i18n/locales";
import { DEFAULT_STEPS } from "~/mentoring/default-steps";
import { localStepTitle } from "~/mentoring/step-text.server";
import { createTestDatabase, integrityOf, type TestDatabase, tempDir } from "../support/db";
import { writeupInput } from "../support/fixtures";
import { writeupSearch } from "../support/search-writeups";

// A write-up drafted from a newcomer's evidence heads its debugging notes with checkpoint names
// ("### Find the code", "### 실패하는 테스트"). Those words say nothing about the write-up: search
// reads the notes without them (migration 0044, db/search-text.ts searchText).

/** Debugging notes as a draft writes them (mentoring/writeup-drafts.server.ts), in Korean. */
const KOREAN_DRAFT =
  "### 코드 찾기\n\n`Toast` 컴포넌트가 3초 뒤에 닫혀요.\n\n" +
  "### 실패하는 테스트\n\n`toast.spec.tsx`에 스크린 리더 시간을 확인하는 검사를 넣었어요.";
const ENGLISH_DRAFT =
  "### Find the code\n\n`Toast` closes itself after three seconds.\n\n" +
  "### Failing test\n\nAdded `toast.spec.tsx`, which waits for the screen reader.";

describe("the checkpoint names search leaves out", () => {
  it("are every default checkpoint's name in every language a draft can be written in", () => {
    const drafted = LOCALES.flatMap((locale) =>
      Object.entries(DEFAULT_STEPS).map(([key, step]) =>
        localStepTitle({ key, title: step.title }, locale),
      ),
    );
    expect([...STEP_HEADINGS].sort()).toEqual([...new Set(drafted)].sort());
  });

  it("go only as whole heading lines: a heading saying more, or the words in a sentence, stay", () => {
    expect(searchText(KOREAN_DRAFT)).not.toMatch(/코드 찾기|실패하는 테스트/);
    expect(searchText(KOREAN_DRAFT)).toContain("`Toast` 컴포넌트가 3초 뒤에 닫혀요.");
    expect(searchText(ENGLISH_DRAFT)).not.toMatch(/Find the code|Failing test/);
    // Any heading level, closing #s, another case, a Windows line end.
    expect(searchText("## failing TEST ##\r\nnotes")).toBe("\nnotes");
    expect(searchText("# Root cause\nThe cron runs in UTC.")).toBe("\nThe cron runs in UTC.");
    for (const kept of [
      "### Failing test for the refund cron",
      "### 결제 실패 원인",
      "The failing test is in total.test.ts",
      "실패하는 테스트를 먼저 썼어요",
      "####### Failing test",
      "    ### Failing test",
      // A line longer than any step's heading is kept whole, however it is padded.
      `# ${" ".repeat(20_000)}Failing test`,
      `# Failing test${" \t".repeat(10_000)}x`,
    ])
      expect(searchText(kept)).toBe(kept);
    expect(searchText(null)).toBe("");
  });
});

describe("searching past a draft's checkpoint headings", () => {
  let t: TestDatabase;
  const ids: Record<string, number> = {};
  const { add, found } = writeupSearch(() => t);

  beforeAll(async () => {
    t = await createTestDatabase();
    // Drafted by a Korean newcomer: 실패 is only in its heading.
    ids.toastKo = await add({
      title: "Toasts vanish before screen readers read them",
      symptom: "알림 토스트가 너무 빨리 사라져요.",
      component: "web-ui",
      debugging: KOREAN_DRAFT,
    });
    ids.toastEn = await add({
      title: "Toast disappears too soon",
      symptom: "Screen reader users never hear the message.",
      component: "web-ui",
      debugging: ENGLISH_DRAFT,
    });
    ids.paymentKo = await add({
      title: "카드 결제 실패 후 재시도가 안 돼요",
      symptom: "결제가 실패하면 재시도 버튼이 사라져요.",
      debugging: "### 코드 찾기\n\n`RetryButton`이 실패 상태를 못 읽어요.",
    });
    ids.flaky = await add({
      title: "Flaky checkout test on CI",
      symptom: "The failing test passes when run again.",
      component: "web-ui",
    });
    resetVocabulary(t.db);
    await warmSearch(t.db);
  });
  afterAll(async () => {
    await t.close();
  });

  it("a Korean word finds the write-ups about it, not every draft headed 실패하는 테스트", async () => {
    expect(await found("실패")).toEqual([ids.paymentKo]);
    expect(await found("결제 실패")).toEqual([ids.paymentKo]);
    expect(await found("테스트")).not.toContain(ids.toastKo);
    // The notes under the heading are still searched.
    expect(await found("스크린 리더 시간")).toContain(ids.toastKo);
  });

  it("an English query finds the write-up that says it, not the drafts' headings", async () => {
    expect(await found("failing test")).toEqual([ids.flaky]);
    expect(await found("screen reader")).toEqual(expect.arrayContaining([ids.toastEn]));
  });

  it("an edited or deleted draft leaves the index whole, read the same way", async () => {
    const edited = await add({ title: "Refund e-mail sent twice", debugging: ENGLISH_DRAFT });
    await replaceWriteupContent(
      t.db,
      edited,
      writeupInput({
        title: "Refund e-mail sent twice",
        debugging: `${KOREAN_DRAFT}\n\n### 원인\n\n중복 발송이에요.`,
      }),
      new Date(),
    );
    expect(integrityOf(t.sqlite)).toEqual({ file: "ok", fts: "ok" });
    // A heading that says more than a checkpoint's name is searched.
    expect(await found("중복 발송")).toContain(edited);
    await t.db.deleteFrom("writeups").where("id", "=", edited).execute();
    expect(integrityOf(t.sqlite)).toEqual({ file: "ok", fts: "ok" });
  });
});

describe("migration 0044", () => {
  const opened: { close(): void }[] = [];
  afterEach(() => {
    for (const o of opened.splice(0)) o.close();
  });

  it("reads the write-ups already indexed again, without their checkpoint headings", async () => {
    const { db, sqlite } = openDatabase(`${tempDir()}/koan.db`);
    opened.push(sqlite);
    const names = Object.keys(migrations);
    const before = names[names.indexOf("0044_search_without_step_headings") - 1] as string;
    await new Migrator({ db, provider: { getMigrations: async () => migrations } }).migrateTo(
      before,
    );
    const id = await createWriteup(db, {
      authorId: null,
      status: "published",
      writeup: writeupInput({ title: "Toasts vanish", debugging: KOREAN_DRAFT }),
    });
    const matches = async (term: string) =>
      (
        await sql<{ id: number }>`select rowid as id from writeups_fts
          where writeups_fts match ${term}`.execute(db)
      ).rows.map((r) => r.id);
    expect(await matches('"실패"')).toEqual([id]);

    await migrateToLatest(db);
    expect(await matches('"실패"')).toEqual([]);
    expect(await matches('"toast"')).toEqual([id]);
    expect(integrityOf(sqlite)).toEqual({ file: "ok", fts: "ok" });
  });
});
