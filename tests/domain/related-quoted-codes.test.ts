import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { relatedWriteupsForTicket } from "~/knowledge/capture.server";
import { quotedCodes } from "~/knowledge/search-related.server";
import { resetVocabulary } from "~/knowledge/search-vocabulary.server";
import { createWriteup } from "~/knowledge/writeups.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { writeupInput } from "../support/fixtures";

// A ticket quoting an error code a write-up quotes is shown that write-up, in whatever language
// the rest of either is written; a code many write-ups quote is no such reason.

let t: TestDatabase;
beforeEach(async () => {
  t = await createTestDatabase();
});
afterEach(async () => {
  await t.close();
});

const publish = (title: string, symptom: string) =>
  createWriteup(t.db, {
    authorId: null,
    status: "published",
    writeup: writeupInput({ title, symptom }),
  });
const related = async (title: string, body: string) =>
  (await relatedWriteupsForTicket(t.db, { id: -1, title, body })).map((r) => r.id);

describe("quotedCodes", () => {
  it("reads error codes and error names, a Korean particle right after one too", async () => {
    expect(await quotedCodes("택배 조회가 read ECONNRESET으로 실패")).toEqual(["econnreset"]);
    expect(await quotedCodes("ERR_OTP_INVALID 에러, KOE006 과 E4012")).toEqual([
      "err_otp_invalid",
      "koe006",
      "e4012",
    ]);
    expect(await quotedCodes("PayloadTooLargeError: request entity too large")).toEqual([
      "payloadtoolargeerror",
    ]);
  });

  it("leaves out English words in capitals, repeats, and codes past the third", async () => {
    expect(await quotedCodes("ERROR: the EMAIL field is EMPTY")).toEqual([]);
    expect(await quotedCodes("ETIMEDOUT then ETIMEDOUT again")).toEqual(["etimedout"]);
    expect(await quotedCodes("EONE_A ETWO_B ETHREE_C EFOUR_D")).toEqual([
      "eone_a",
      "etwo_b",
      "ethree_c",
    ]);
  });
});

describe("related write-ups by a quoted code", () => {
  it("a Korean ticket quoting ECONNRESET is shown the English write-up quoting it", async () => {
    const english = await publish(
      "Merchant webhooks fail with ECONNRESET at night",
      "Webhook calls to merchants fail with read ECONNRESET after the keep-alive timeout.",
    );
    const delivery = await publish(
      "배송 조회 API 가 가끔 느림",
      "배송 추적 API 를 부르면 하루에 몇 건씩 응답이 늦고, 다시 부르면 됩니다.",
    );
    await publish("택배사 조회 화면이 비어 보임", "택배 조회 화면에서 하루 지난 건이 안 보입니다.");
    for (let i = 0; i < 10; i++)
      await publish(`정산 배치 ${i} 지연`, `정산 배치 ${i} 가 늦게 끝남.`);
    resetVocabulary(t.db);
    const shown = await related(
      "택배 조회가 가끔 ECONNRESET으로 실패",
      "배송 추적 API 를 부르면 하루에 몇십 건씩 read ECONNRESET 으로 실패하고 다시 부르면 됩니다.",
    );
    expect(shown[0]).toBe(delivery);
    expect(shown).toContain(english);
  });

  it("a code many write-ups quote is no reason to show them; a code one quotes is", async () => {
    const quoting: number[] = [];
    for (const what of ["invoices", "refunds", "payouts", "receipts", "ledgers", "credit notes"])
      quoting.push(
        await publish(
          `Export of ${what} times out`,
          `The ${what} export fails: ERR_EXPORT_TIMEOUT.`,
        ),
      );
    const rare = await publish(
      "Screen reader skips the toast",
      "VoiceOver never reads the toast: it fails with ERR_TOAST_ARIA.",
    );
    for (let i = 0; i < 10; i++)
      await publish(`Invoice ${i} total`, `Invoice ${i} total is wrong.`);
    resetVocabulary(t.db);
    // Six write-ups quote ERR_EXPORT_TIMEOUT: a ticket quoting it beside words none of them
    // holds is shown none of them.
    expect(
      await related(
        "Dark mode banner shows ERR_EXPORT_TIMEOUT",
        "In dark mode the banner on the settings page shows ERR_EXPORT_TIMEOUT in grey.",
      ),
    ).toEqual([]);
    // One quotes ERR_TOAST_ARIA: the ticket quoting it is shown that one.
    expect(
      await related(
        "Dark mode banner shows ERR_TOAST_ARIA",
        "In dark mode the banner on the settings page shows ERR_TOAST_ARIA in grey.",
      ),
    ).toEqual([rare]);
    expect(quoting).toHaveLength(6);
  });
});
