import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { snakeForms } from "~/knowledge/search-compounds.server";
import { parseQuery } from "~/knowledge/search-query";
import { MAX_SNAKE, snakeParts } from "~/knowledge/search-snake";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { writeupSearch } from "../support/search-writeups";

// An identifier written with underscores is one term of the index (do_not_honor), so the words a
// person types for it ("do not honor", the card network's decline code said aloud) never met it.

describe("words typed in a row, read as an identifier", () => {
  it("keeps each run of two to four Latin words, function words included", () => {
    expect(parseQuery("do not honor").snake).toEqual([
      ["do", "not"],
      ["not", "honor"],
      ["do", "not", "honor"],
    ]);
    expect(parseQuery("invalid state 에러").snake).toEqual([["invalid", "state"]]);
  });

  it("does not join across another script, a quoted phrase or an exclusion", () => {
    expect(parseQuery("invalid 로그인 state").snake).toBeUndefined();
    expect(parseQuery('invalid "grant type" state').snake).toBeUndefined();
    expect(parseQuery("invalid -grant state").snake).toBeUndefined();
    expect(parseQuery("2024 12").snake).toBeUndefined();
  });

  it("reads an identifier pasted with underscores as its words", () => {
    expect(snakeParts("too_many_requests")).toEqual(["too", "many", "requests"]);
    expect(snakeParts("err_2024")).toEqual(["err", "2024"]);
    expect(snakeParts("timeout")).toBeNull();
    expect(snakeParts("_private")).toBeNull();
    expect(snakeParts("a_b_c_d_e_f_g")).toBeNull();
  });

  it("keeps at most MAX_SNAKE runs of a long query", () => {
    const long = parseQuery("one two three four five six seven eight nine ten").snake ?? [];
    expect(long.length).toBe(MAX_SNAKE);
  });
});

let t: TestDatabase;
const ids: Record<string, number> = {};
const { add, found, warm } = writeupSearch(() => t);

beforeAll(async () => {
  t = await createTestDatabase();
  ids.honor = await add({
    title: "Card declined with do_not_honor is not retried",
    symptom: "The retry job skips the decline code, so the renewal stays unpaid.",
    component: "billing",
  });
  ids.state = await add({
    title: "네이버 로그인 콜백에서 invalid_state 에러",
    symptom: "www 유무에 따라 세션 쿠키가 달라서 state 값이 맞지 않음.",
    component: "auth",
  });
  ids.tooMany = await add({
    title: "지도 API 429 Too Many Requests로 매장 찾기 실패",
    symptom: "매장 찾기 화면에서 지도가 안 뜸. 호출 한도를 넘김.",
    component: "web-ui",
  });
  // Write-ups holding the plain words, to rank beside.
  ids.notPaid = await add({
    title: "Do not retry a refund that is still pending",
    symptom: "Support asked whether to honor a second refund request; the first was pending.",
    component: "billing",
  });
  ids.twelve = await add({
    title: "Session cookie lost after 12 hours",
    symptom: "The cookie's lifetime was set in hours, not days.",
    component: "auth",
  });
  ids.funds = await add({
    title: "Payouts fail with insufficient_funds on the platform account",
    symptom: "The nightly payout run stops at the first merchant it cannot pay.",
    component: "billing",
  });
  ids.stateful = await add({
    title: "Form state lost on back navigation",
    symptom: "An invalid field resets the whole form with an 에러 shown on top.",
    component: "web-ui",
  });
  ids.certDate = await add({
    title: "인증서 갱신 후에도 크롬이 ERR_CERT_DATE_INVALID 표시",
    symptom: "중간 인증서가 빠진 체인을 배포함.",
    component: "infra",
  });
  ids.cert = await add({
    title: "Staging cert renewed by hand every quarter",
    symptom: "The renewal date is in a calendar, and an invalid reminder was sent twice.",
    component: "infra",
  });
  // The identifiers holding a word are read with the correction dictionary.
  await warm();
});
afterAll(async () => {
  await t.close();
});

describe("searching an identifier by its words", () => {
  it("finds the write-up holding the identifier first", async () => {
    expect((await found("do not honor"))[0]).toBe(ids.honor);
    expect((await found("card declined do not honor"))[0]).toBe(ids.honor);
    expect((await found("do not honor "))[0]).toBe(ids.honor);
  });

  it("finds it from Korean text around the words", async () => {
    expect((await found("invalid state 에러"))[0]).toBe(ids.state);
    expect((await found("네이버 invalid state"))[0]).toBe(ids.state);
  });

  it("finds the words of an identifier pasted that no write-up holds", async () => {
    expect((await found("card_declined"))[0]).toBe(ids.honor);
    expect((await found("TOO_MANY_REQUESTS"))[0]).toBe(ids.tooMany);
    expect((await found("TOO_MANY_REQUESTS 에러"))[0]).toBe(ids.tooMany);
  });

  it("finds an identifier by one of its words that no write-up holds alone", async () => {
    expect(await found("insufficient")).toEqual([ids.funds]);
    expect(await found("fund")).toEqual([ids.funds]);
    expect((await found("insufficient payout"))[0]).toBe(ids.funds);
    // A word some write-up holds is only itself ("honor", in a sentence about a refund).
    expect(await found("honor")).toEqual([ids.notPaid]);
  });

  it("finds an identifier holding the words typed in a row inside it", async () => {
    // Every word is held alone elsewhere: only the run names err_cert_date_invalid.
    expect((await found("cert date invalid 에러"))[0]).toBe(ids.certDate);
    expect((await found("cert date invalid"))[0]).toBe(ids.certDate);
    expect(await snakeForms(t.db, [["date", "invalid"]])).toEqual([
      { joined: "err_cert_date_invalid", words: ["date", "invalid"] },
    ]);
    // Two function words inside an identifier say nothing of it.
    expect(await snakeForms(t.db, [["do", "not"]])).toEqual([]);
  });

  it("meets the identifier a quoted phrase names", async () => {
    expect(await found('"do not honor"')).toEqual([ids.honor]);
    expect((await found('"invalid state" 에러'))[0]).toBe(ids.state);
    // A phrase the write-ups hold as words is still only the phrase.
    expect(await found('"do not retry"')).toEqual([ids.notPaid]);
    // Numbers alone are no identifier: "1 2" is not 12.
    expect(await found('"1 2"')).toEqual([]);
  });

  it("meets the identifier typed in the other English spelling", async () => {
    expect((await found("do not honour"))[0]).toBe(ids.honor);
  });

  it("still finds the write-ups holding the words apart", async () => {
    expect(await found("invalid field")).toContain(ids.stateful);
    expect(await found("honor refund")).toContain(ids.notPaid);
  });
});
