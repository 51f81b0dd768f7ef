import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { searchWriteups } from "~/knowledge/search.server";
import { writtenForms } from "~/knowledge/search-forms.server";
import { camelParts } from "~/knowledge/search-snake";
import { stems } from "~/knowledge/search-vocabulary.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { writeupSearch } from "../support/search-writeups";

// A class or function name written in camel case (TaxInvoiceService, PushSendWorker) is one term
// of the index, lower-cased and stemmed as one word. People type its words apart, or its first
// words only; and a stem the index holds is not always its own stem, so a term read from the
// index's lists must be searched as a word the index stems to it.

let t: TestDatabase;
const ids: Record<string, number> = {};
const { add, found, first, warm } = writeupSearch(() => t);

beforeAll(async () => {
  t = await createTestDatabase();
  ids.taxInvoice = await add({
    title: "전자세금계산서 발행 API가 사업자등록번호 형식 오류로 실패",
    symptom: "가입할 때 하이픈을 넣은 번호를 `TaxInvoiceService`가 그대로 연동사로 보냄.",
    component: "billing",
  });
  ids.push = await add({
    title: "iOS 알림이 늦게 도착함",
    symptom: "`PushSendWorker` retried expired device tokens for hours before the queue drained.",
    component: "notifications",
  });
  ids.currency = await add({
    title: "Invoice PDF shows a dollar sign for KRW merchants",
    symptom: "A missing currency now throws `InvoiceCurrencyMissingError` instead of guessing.",
    component: "billing",
  });
  ids.reset = await add({
    title: "Password reset links say expired as soon as they are opened",
    symptom: "The reset link is stored without a time zone and read as local time.",
    component: "auth",
  });
  ids.firewall = await add({
    title: "Office VPN blocked after a firewall rule change",
    symptom: "The new rule dropped the VPN's port for everyone outside the office.",
    component: "auth",
  });
  // Write-ups holding the plain words, to rank beside.
  ids.words = await add({
    title: "Send button does nothing on the push settings page",
    symptom: "A worker reported that the form posts nothing; the push toggle stays off.",
    component: "web-ui",
  });
  ids.tax = await add({
    title: "Tax shown twice on the invoice email",
    symptom: "The invoice template adds the tax line again; 오류 appears for VAT-exempt merchants.",
    component: "billing",
  });
  await warm();
});

afterAll(() => t.close());

describe("a term the index holds, searched as a word it stems to", () => {
  it("gives back the ending the stemmer took off when the stem is not its own stem", async () => {
    const [held] = await stems(t.db, ["taxinvoiceservice"]);
    expect(held).toBe("taxinvoiceservic");
    // Searched as it is, the stem is stemmed again ("taxinvoiceserv") and meets nothing.
    expect(await stems(t.db, [held as string])).not.toEqual([held]);
    expect(await writtenForms(t.db, [held as string, "payment", "do_not_honor"])).toEqual([
      "taxinvoiceservice",
      "payment",
      "do_not_honor",
    ]);
  });

  it("finds a word still being typed whose completion is such a stem", async () => {
    // (Five letters: from six, a word the index lacks is met by the longer terms it begins.)
    expect(await first("firew")).toBe(ids.firewall);
    expect(await first("오류 TaxIn")).toBe(ids.taxInvoice);
  });
});

describe("the first words of a camel-case name", () => {
  it("meet the name the index holds whole", async () => {
    expect(await first("TaxInvoice 오류")).toBe(ids.taxInvoice);
    expect(await first("taxinvoice failed")).toBe(ids.taxInvoice);
  });

  it("meet a name longer than the correction dictionary keeps", async () => {
    // invoicecurrencymissingerror: 27 letters, past the dictionary's 24.
    expect(await first("InvoiceCurrencyMissing thrown")).toBe(ids.currency);
  });
});

describe("three words or more typed in a row", () => {
  it("meet the camel-case name they spell", async () => {
    const results = await found("push send worker");
    expect(results[0]).toBe(ids.push);
    expect(results).toContain(ids.words);
  });

  it("meet it quoted, two words as well", async () => {
    expect(await found('"push send worker"')).toEqual([ids.push]);
    expect(await found('"tax invoice service"')).toEqual([ids.taxInvoice]);
    // Quoted, the words are the whole name: not the start of a longer one.
    expect(await found('"tax invoice"')).toEqual([]);
  });
});

describe("a camel-case name no write-up holds", () => {
  it("is read as its words", () => {
    expect(camelParts("ResetLinkExpired")).toEqual(["reset", "link", "expired"]);
    expect(camelParts("SMSClient")).toEqual(["sms", "client"]);
    expect(camelParts("currencyCode")).toEqual(["currency", "code"]);
    // Not a camel-case name: typed in one case, with digits, or with a one-letter part.
    expect(camelParts("Timeout")).toBeNull();
    expect(camelParts("HTTP")).toBeNull();
    expect(camelParts("Http2Client")).toBeNull();
    expect(camelParts("iPhone")).toBeNull();
    expect(camelParts(undefined)).toBeNull();
  });

  it("is searched as its words typed apart, and says so", async () => {
    const response = await searchWriteups(t.db, { q: "ResetLinkExpired" });
    expect(response.results[0]?.id).toBe(ids.reset);
    expect(response.correctedQuery).toBe("reset link expired");
    expect(response.originalQuery).toBe("ResetLinkExpired");
  });
});
