import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { writeupSearch } from "../support/search-writeups";

// The Korean a newcomer types for an account's, a message's and a screen's parts meets the
// English write-ups about them (migration 0045), as the demo's starter tickets are written.

let t: TestDatabase;
const ids: Record<string, number> = {};
const { add, found, first, warm } = writeupSearch(() => t);

beforeAll(async () => {
  t = await createTestDatabase();
  ids.invite = await add({
    title: "Invite link works after the inviter is deactivated",
    symptom: "Reported as a bug; the invite belongs to the org, not the person.",
    component: "auth",
  });
  ids.audit = await add({
    title: "Audit log shows UTC without saying so",
    symptom: "Times in the audit log are UTC but labelled as local time.",
    component: "auth",
  });
  ids.digest = await add({
    title: "Weekly digest arrives on Sunday instead of Monday",
    symptom: "The digest day follows the org's locale setting.",
    component: "notifications",
  });
  ids.badge = await add({
    title: "Unread badge doesn't clear after reading on mobile",
    symptom: "The badge keeps its count until the app is restarted.",
    component: "web-ui",
  });
  ids.large = await add({
    title: "Large catalogue uploads fail with PayloadTooLargeError",
    symptom: "A 60 MB catalogue file is refused by the body parser.",
    component: "imports",
  });
  ids.remember = await add({
    title: 'Admins are logged out after 12 hours despite "Remember me"',
    symptom: "The session cookie has no max-age, so the browser drops it.",
    component: "auth",
  });
  ids.doubleClick = await add({
    title: "Double-clicking Pay charges the card twice",
    symptom: "Two identical charges within 300 ms for the same cart.",
    component: "billing",
  });
  ids.totp = await add({
    title: "TOTP codes rejected with ERR_OTP_INVALID on one server",
    symptom: "One server's clock had drifted by 90 seconds.",
    component: "auth",
  });
  ids.dst = await add({
    title: "EU settlement import skipped on the night clocks go forward",
    symptom:
      "The job was scheduled at 02:30 Europe/Berlin, an hour that does not exist that night.",
    component: "imports",
    tags: ["dst"],
  });
  ids.disabled = await add({
    title: "Pay button stays disabled after the card form is filled in",
    symptom: "The button never enables on Safari.",
    component: "billing",
  });
  // Korean write-ups that share only a plain word (시간, 화면) with the queries below.
  ids.timeout = await add({
    title: "결제 오류 E4012: PG 응답 대기 시간 초과",
    symptom: "결제 버튼을 누르면 30초 동안 기다린 뒤 실패 화면이 보임. 로그에는 타임아웃만 남음.",
  });
  ids.screen = await add({
    title: "정산 화면이 느려요",
    symptom: "월말에 정산 화면을 열면 시간이 오래 걸림.",
  });
  await warm();
});
afterAll(async () => {
  await t.close();
});

describe("an account's, a message's and a screen's words in Hangul (migration 0045)", () => {
  it("초대 링크 finds the invite link write-up (it found nothing)", async () => {
    expect(await first("초대 링크")).toBe(ids.invite);
    expect(await found("초대 링크가 계속 돼요")).toContain(ids.invite);
    // 비활성화: "deactivated" for an account, "disabled" on a screen.
    expect(await found("비활성화된 사용자 초대")).toContain(ids.invite);
    expect(await found("버튼 비활성화")).toContain(ids.disabled);
  });

  it("감사 로그 puts the audit log write-up first, not a Korean one sharing 시간", async () => {
    expect(await first("감사 로그 시간")).toBe(ids.audit);
    expect(await first("감사 로그")).toBe(ids.audit);
  });

  it("what a ticket says of its data, clicks, clocks and codes meets the English (대용량, 리멤버, 서머타임, OTP)", async () => {
    // The payment timeout shares 타임아웃; the upload that is too large came second.
    expect(await first("대용량 가져오기 타임아웃")).toBe(ids.large);
    expect(await first("리멤버 미")).toBe(ids.remember);
    expect(await first("더블클릭")).toBe(ids.doubleClick);
    // Daylight saving time as Korean says it, and a one-time code as most people say it.
    expect(await first("서머타임 정산")).toBe(ids.dst);
    expect(await first("OTP 코드 거부")).toBe(ids.totp);
    expect(await first("otp")).toBe(ids.totp);
  });

  it("a message's and a screen's loanwords meet their English", async () => {
    expect(await first("주간 다이제스트")).toBe(ids.digest);
    expect(await first("뱃지가 안 사라져요")).toBe(ids.badge);
    expect(await first("배지")).toBe(ids.badge);
  });
});
