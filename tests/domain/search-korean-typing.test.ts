import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { searchWriteups } from "~/knowledge/search.server";
import { resetVocabulary, warmSearch } from "~/knowledge/search-vocabulary.server";
import { canonicalWriteup } from "~/knowledge/transfer/portable.server";
import { createWriteup, getWriteup, type WriteupInput } from "~/knowledge/writeups.server";
import { listTickets } from "~/mentoring/ticket-status.server";
import { createTicket } from "~/tickets/tickets.server";
import { buildTestUser } from "../../seeds/builders";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { writeupInput } from "../support/fixtures";

// Korean as it reaches search from a keyboard and from a Mac: syllables caught halfway through
// composing (search as you type sees every step), compounds typed without their space, words
// typed in the other keyboard mode, and text decomposed into letters (NFD), in the knowledge
// base and in the ticket queue.

let t: TestDatabase;
const ids: Record<string, number> = {};
const add = (fields: Partial<WriteupInput>) =>
  createWriteup(t.db, { authorId: null, writeup: writeupInput(fields), status: "published" });
const nfd = (text: string) => text.normalize("NFD");

beforeAll(async () => {
  t = await createTestDatabase();
  // Korean write-ups: their words are in the index.
  ids.payment = await add({
    title: "결제 오류 반복",
    symptom: "결제 화면에서 에러가 반복됩니다",
  });
  ids.timeout = await add({
    title: "배송 조회 타임아웃",
    symptom: "배송사 API가 느려서 타임아웃이 납니다",
  });
  // English write-ups a Korean word meets only through the synonym table (세션 ↔ session,
  // 결제 ↔ payment, 버튼 ↔ button).
  ids.session = await add({
    title: "Session lost after twelve hours",
    symptom: "Admins are signed out although the session should last a week.",
  });
  ids.button = await add({
    title: "Payment button stays disabled",
    symptom: "The pay button never enables after the card form is filled in.",
  });
  ids.invoice = await add({
    title: "Invoice totals off by a cent",
    symptom: "The monthly invoice rounds each line before adding them up.",
  });
  ids.component = await add({
    title: "Date picker component clips its tooltip",
    symptom: "The shared component renders the tooltip inside a box that hides overflow.",
  });
  ids.account = await add({
    title: "계정 잠금 해제 메일이 안 옴",
    symptom: "비밀번호를 다섯 번 틀리면 계정이 잠깁니다",
  });
  ids.decomposed = await add({
    title: nfd("정산 파일 가져오기 실패"),
    symptom: nfd("맥에서 만든 정산 파일의 이름이 깨집니다"),
    tags: [nfd("정산")],
  });
  resetVocabulary(t.db);
  await warmSearch(t.db);
});
afterAll(async () => {
  await t.close();
});

const found = async (q: string) => (await searchWriteups(t.db, { q })).results.map((r) => r.id);

describe("a Korean word still being composed finds what the word will", () => {
  it("each step of typing 세션 (세, 셋, 세셔) finds the write-ups 세션 finds, not nothing", async () => {
    expect(await found("세션")).toEqual([ids.session]);
    // 셋: the ㅅ under 세 is on its way to begin 션; 세셔: 셔 is still to take its ㄴ.
    expect(await found("셋")).toEqual([ids.session]);
    expect(await found("세셔")).toEqual([ids.session]);
  });

  it("a word whose last syllable is whole but not the last reads the synonym-table words it begins", async () => {
    // 컴포넌 on the way to 컴포넌트 ("component"), which no write-up holds in Hangul: not only
    // 컴포너 with its ㄴ about to begin the next syllable.
    expect(await found("컴포넌트")).toEqual([ids.component]);
    expect(await found("컴포넌")).toEqual([ids.component]);
    // 인보이: not 인보 with the particle 이 (which nothing holds, and which was corrected to
    // another word), but 인보이스 on its way, and so "invoice".
    const typing = await searchWriteups(t.db, { q: "인보이" });
    expect(typing.results.map((r) => r.id)).toEqual([ids.invoice]);
    expect(typing.correctedQuery).toBeNull();
    // A particle after a whole word is still read as one (만료가: 만료 and 가).
    expect(await found("결제가")).toContain(ids.payment);
  });

  it("a letter typed on its own, or a final consonant about to move, reads the word it begins", async () => {
    // 결ㅈ on the way to 결제: the Korean write-up first, then the English one through "payment".
    expect((await found("결ㅈ"))[0]).toBe(ids.payment);
    expect(await found("결ㅈ")).toContain(ids.button);
    // 엘 on the way to 에러 (엘 is in no write-up).
    expect((await found("엘"))[0]).toBe(ids.payment);
    // 탕 and 타이 on the way to 타임아웃.
    expect(await found("배송 탕")).toEqual([ids.timeout]);
    expect(await found("배송 타이")).toEqual([ids.timeout]);
  });

  it("only the word being typed is read so: a finished word the index lacks finds nothing", async () => {
    // With a space after it, 셋 is a word typed to its end, and no write-up holds it.
    expect(await found("셋 ")).toEqual([]);
  });
});

describe("a compound typed without its space", () => {
  it("finds what its two words find together, through their partners too (결제버튼 as 결제 버튼)", async () => {
    const apart = await found("결제 버튼");
    expect(apart[0]).toBe(ids.button);
    expect((await found("결제버튼"))[0]).toBe(ids.button);
    // And on the way to it, 결제버트 (the ㄴ of 튼 still to come): 결제, then 버튼 being typed.
    expect((await found("결제버트"))[0]).toBe(ids.button);
  });
});

describe("words typed with the keyboard in the other language's mode", () => {
  const read = async (q: string) => {
    const response = await searchWriteups(t.db, { q });
    return { as: response.correctedQuery, ids: response.results.map((r) => r.id) };
  };

  it("reads the keys as the Hangul they type, and says so (rufwp dhfb: 결제 오류)", async () => {
    const keyed = await read("rufwp dhfb");
    expect(keyed.as).toBe("결제 오류");
    expect(keyed.ids).toEqual(await found("결제 오류"));
    expect(keyed.ids[0]).toBe(ids.payment);
    // With its particle (dpfjrk: 에러가), searched as the word.
    expect(await read("dpfjrk")).toMatchObject({ as: "에러", ids: [ids.payment] });
  });

  it("meets the write-ups through the word's partners (tptus: 세션, and so “session”)", async () => {
    expect(await read("tptus")).toEqual({ as: "세션", ids: [ids.session] });
  });

  it("keeps Shift's letters (rPwjd: 계정) and reads Caps Lock as no Shift (DPFJ: 에러)", async () => {
    expect(await read("rPwjd")).toEqual({ as: "계정", ids: [ids.account] });
    expect((await read("DPFJ")).as).toBe("에러");
  });

  it("reads English typed in Korean mode as the keys it was typed with (ㅠㅕㅅ새ㅜ: button)", async () => {
    expect(await read("ㅠㅕㅅ새ㅜ")).toEqual({ as: "button", ids: [ids.button] });
    expect(await read("ㅁ으ㅑㅜ")).toEqual({ as: "admin", ids: [ids.session] });
    // A Korean word the write-ups lack stays Korean: whole syllables are no English typed so.
    expect((await read("결재")).as).not.toBe("rufwo");
  });

  it("leaves English alone: a real word, or keys that are no Korean word the write-ups hold", async () => {
    expect((await read("session")).as).toBeNull();
    // ㅁㄴㅇ… is no syllable, and 헤뎌 (gpeu) is in no write-up.
    expect((await read("asdf")).ids).toEqual([]);
    expect((await read("gpeu")).as).not.toBe("헤뎌");
  });
});

describe("Latin typed in a keyboard's full-width mode", () => {
  it("is the ASCII it stands for (ｓｅｓｓｉｏｎ is session), with a full-width space between words", async () => {
    expect(await found("ｓｅｓｓｉｏｎ　ｌｏｓｔ")).toEqual(await found("session lost"));
    expect((await found("ＳＥＳＳＩＯＮ"))[0]).toBe(ids.session);
  });
});

describe("Korean decomposed into letters (NFD, as macOS may write it)", () => {
  it("a decomposed query finds what the composed one does", async () => {
    expect(await found(nfd("결제 오류"))).toEqual(await found("결제 오류"));
    expect((await found(nfd("결제 오류")))[0]).toBe(ids.payment);
  });

  it("a decomposed write-up is stored composed, and found by a composed query", async () => {
    const stored = await getWriteup(t.db, ids.decomposed as number);
    expect(stored?.title).toBe("정산 파일 가져오기 실패");
    expect(stored?.tags).toEqual(["정산"]);
    expect(await found("정산 파일")).toEqual([ids.decomposed]);
  });

  it("an imported write-up is compared composed, so importing it again changes nothing", () => {
    const input = writeupInput({
      title: nfd("정산 실패"),
      symptom: nfd("파일 이름"),
      tags: ["ㄱ"],
    });
    const canonical = canonicalWriteup(input);
    expect(canonical.title).toBe("정산 실패");
    expect(canonical.symptom).toBe("파일 이름");
    expect(canonicalWriteup(canonical)).toEqual(canonical);
  });
});

describe("the ticket queue's search, with Korean decomposed (NFD) and words in any order", () => {
  it("stores a ticket's title and body composed and finds it by a query either way", async () => {
    const lead = await buildTestUser(t.db, "lead");
    const id = await createTicket(t.db, {
      actorId: lead,
      ticket: {
        title: nfd("정산 파일 이름이 깨짐"),
        body: nfd("맥에서 올린 파일"),
        component: "billing",
        labels: [],
        difficulty: 1,
        starter: true,
      },
    });
    const queue = (q: string) =>
      listTickets(t.db, {
        status: "active",
        starterOnly: false,
        sort: "newest",
        page: 1,
        pageSize: 50,
        q,
      });
    expect((await queue("파일 이름")).rows.map((r) => r.id)).toEqual([id]);
    expect((await queue(nfd("파일 이름"))).rows.map((r) => r.id)).toEqual([id]);
    expect((await queue("맥에서")).rows.map((r) => r.id)).toEqual([id]);
    // Words typed apart, in any order, each in the title or the body.
    expect((await queue("이름 정산")).rows.map((r) => r.id)).toEqual([id]);
    expect((await queue("맥에서 깨짐")).rows.map((r) => r.id)).toEqual([id]);
    expect((await queue("맥에서 환불")).rows.map((r) => r.id)).toEqual([]);
  });
});
