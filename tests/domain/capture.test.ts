import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { relatedWriteupsForTicket } from "~/knowledge/capture.server";
import { resetVocabulary } from "~/knowledge/search-vocabulary.server";
import { createWriteup, getWriteup } from "~/knowledge/writeups.server";
import { getAssignment } from "~/mentoring/assignments.server";
import { reviewCheckpoint, submitEvidence } from "~/mentoring/checkpoints.server";
import { claimTicket } from "~/mentoring/claims.server";
import { closeAsDuplicate, getTicket } from "~/mentoring/ticket-status.server";
import { setWorksAsDesigned } from "~/mentoring/works-as-designed.server";
import { draftFromEvidence, getAssignmentWriteup } from "~/mentoring/writeup-drafts.server";
import { listTicketEvents } from "~/tickets/ticket-events.server";
import { createTicket } from "~/tickets/tickets.server";
import { buildTestUser } from "../../seeds/builders";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { writeupInput } from "../support/fixtures";

/** Every event of a test's ticket (a handful). */
const ALL_EVENTS = { before: null, size: 1000 };

let t: TestDatabase;
let lead: number;
let mentor: number;
let newcomer: number;
beforeEach(async () => {
  t = await createTestDatabase();
  lead = await buildTestUser(t.db, "lead");
  mentor = await buildTestUser(t.db, "mentor", { capacity: 3 });
  newcomer = await buildTestUser(t.db, "newcomer");
});
afterEach(async () => {
  await t.close();
});

const asNewcomer = () => ({ id: newcomer, role: "newcomer" as const });
const asMentor = () => ({ id: mentor, role: "mentor" as const });
let clock = Date.parse("2026-11-02T09:00:00Z");
function tick() {
  clock += 60_000;
  return new Date(clock);
}

async function claimed(title = "Invoice total shows a bare $ sign") {
  const ticketId = await createTicket(t.db, {
    actorId: lead,
    ticket: {
      title,
      body: "The invoice page shows `$` with no amount.",
      component: "billing",
      labels: ["invoices", "good first issue"],
      difficulty: 1,
      starter: true,
    },
  });
  const result = await claimTicket(t.db, {
    ticketId,
    newcomerId: newcomer,
    mentorId: mentor,
    defaultLimit: 5,
  });
  if (!result.ok) throw new Error("claim failed");
  const assignment = await getAssignment(t.db, result.assignmentId);
  if (!assignment) throw new Error("no assignment");
  const step = Object.fromEntries(assignment.checkpoints.map((c) => [c.key, c.id])) as Record<
    string,
    number
  >;
  return { ticketId, assignmentId: result.assignmentId, step };
}

async function submit(checkpointId: number | undefined, notes: string, links: string[] = []) {
  const result = await submitEvidence(
    t.db,
    {
      assignmentCheckpointId: checkpointId as number,
      actor: asNewcomer(),
      evidence: {
        notes,
        links: links.map((url, i) => ({ label: `link ${i + 1}`, url })),
        minutes: 10,
      },
    },
    tick(),
  );
  expect(result.ok).toBe(true);
}

async function review(
  checkpointId: number | undefined,
  decision: "approve" | "request_changes" = "approve",
) {
  const result = await reviewCheckpoint(
    t.db,
    {
      assignmentCheckpointId: checkpointId as number,
      actor: asMentor(),
      decision,
      comment: decision === "approve" ? "" : "More detail, please.",
    },
    tick(),
  );
  expect(result.ok).toBe(true);
}

async function writeupCount() {
  const row = await t.db
    .selectFrom("writeups")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe("the write-up drafts itself from the evidence", () => {
  it("fills every field from the latest evidence, with each link once", async () => {
    const { assignmentId, step, ticketId } = await claimed();
    await submit(step.reproduce, "First try: could not see it.");
    await review(step.reproduce, "request_changes");
    await submit(step.reproduce, "Open an invoice with **no lines**: the total shows `$`.", [
      "https://logs.example/1",
    ]);
    await submit(step.locate, "`InvoiceTotal.render` in src/billing/total.tsx", [
      "https://github.com/acme/app/blob/main/src/billing/total.tsx",
      "https://logs.example/1",
    ]);
    await submit(
      step.root_cause,
      "An empty sum is `undefined`, and the formatter prints it as ``.",
    );
    await submit(step.failing_test, "`total.test.ts` fails: expected `$0.00`.", [
      "https://github.com/acme/app/pull/12",
    ]);
    await submit(step.fix, "Default the sum to 0 before formatting.", [
      "https://github.com/acme/app/pull/12",
      "https://github.com/acme/app/pull/13",
    ]);
    expect(await getAssignmentWriteup(t.db, assignmentId)).toBeNull();

    await submit(step.writeup, "Draft written.");
    const summary = await getAssignmentWriteup(t.db, assignmentId);
    expect(summary).toMatchObject({ status: "draft", verifiedAt: null });
    const w = await getWriteup(t.db, summary?.id as number);
    expect(w).toMatchObject({
      title: "Invoice total shows a bare $ sign",
      symptom: "Open an invoice with **no lines**: the total shows `$`.",
      root_cause: "An empty sum is `undefined`, and the formatter prints it as ``.",
      fix: "Default the sum to 0 before formatting.",
      component: "billing",
      resolution: "fixed",
      status: "draft",
      author_id: newcomer,
      ticket_id: ticketId,
      assignment_id: assignmentId,
      verified_by: null,
    });
    expect(w?.debugging).toBe(
      "### Find the code\n\n`InvoiceTotal.render` in src/billing/total.tsx\n\n" +
        "### Failing test\n\n`total.test.ts` fails: expected `$0.00`.",
    );
    // The ticket's labels, less "good first issue", which only made it a starter (STARTER_LABELS).
    expect(w?.tags).toEqual(["invoices"]);
    expect(w?.links.map((l) => l.url)).toEqual([
      "https://logs.example/1",
      "https://github.com/acme/app/blob/main/src/billing/total.tsx",
      "https://github.com/acme/app/pull/12",
      "https://github.com/acme/app/pull/13",
    ]);
  });

  it("tags the draft with the ticket's labels but those a team marks starters with", () => {
    const ticket = {
      title: "Toast vanishes",
      component: "web-ui",
      labels: ["Good First Issue", "starter", "a11y", "help wanted", "초보자용"],
      url: null,
      source: "manual" as const,
    };
    const drafted = (starterLabels: string[]) =>
      draftFromEvidence({ resolution: null, checkpoints: [] }, ticket, "en", starterLabels).tags;
    expect(drafted(["good first issue", "starter"])).toEqual(["a11y", "help wanted", "초보자용"]);
    // A team's own starter labels, whatever their spacing: "help-wanted" is "help wanted".
    expect(drafted(["help-wanted", "초보자용"])).toEqual(["Good First Issue", "starter", "a11y"]);
  });

  it("heads the draft's debugging notes in the newcomer's language: the write-up is theirs", async () => {
    await t.db.updateTable("users").set({ locale: "ko" }).where("id", "=", newcomer).execute();
    const { assignmentId, step } = await claimed("결제 합계에 $ 기호만 보여요");
    await submit(step.locate, "`InvoiceTotal.render`에서 합계를 계산해요.");
    await submit(step.failing_test, "`total.test.ts`가 `$0.00`을 기대하다 실패해요.");
    await submit(step.writeup, "초안을 썼어요.");
    const summary = await getAssignmentWriteup(t.db, assignmentId);
    const w = await getWriteup(t.db, summary?.id as number);
    expect(w?.debugging).toBe(
      "### 코드 찾기\n\n`InvoiceTotal.render`에서 합계를 계산해요.\n\n" +
        "### 실패하는 테스트\n\n`total.test.ts`가 `$0.00`을 기대하다 실패해요.",
    );
  });

  it("works as designed: resolution follows the assignment and the fix is left for its prompt", async () => {
    const { assignmentId, step } = await claimed("Weekly digest arrives on Sunday");
    await submit(step.reproduce, "Digest e-mails are sent on Sunday mornings.");
    await submit(step.root_cause, "The schedule is the team's week start, Sunday by default.");
    expect(await setWorksAsDesigned(t.db, { assignmentId, actor: asNewcomer() }, tick())).toEqual({
      ok: true,
    });
    await review(step.root_cause);
    const summary = await getAssignmentWriteup(t.db, assignmentId);
    const w = await getWriteup(t.db, summary?.id as number);
    expect(w).toMatchObject({
      resolution: "works_as_designed",
      fix: "",
      symptom: "Digest e-mails are sent on Sunday mornings.",
      root_cause: "The schedule is the team's week start, Sunday by default.",
      debugging: "",
      status: "draft",
    });
  });

  it("works as designed after the draft was made: the draft's kind follows at once, and back again", async () => {
    const { assignmentId, step } = await claimed("주간 요약 메일이 일요일에 와요");
    await submit(step.reproduce, "요약 메일이 일요일 아침에 발송돼요.");
    await submit(step.root_cause, "팀의 한 주 시작이 기본값으로 일요일이에요.");
    await review(step.root_cause);
    const draft = await getAssignmentWriteup(t.db, assignmentId);
    expect((await getWriteup(t.db, draft?.id as number))?.resolution).toBe("fixed");

    // Marked with no step signed off after it: "Edit and publish" must open it as what it now is.
    await setWorksAsDesigned(t.db, { assignmentId, actor: asNewcomer() }, tick());
    expect(await getWriteup(t.db, draft?.id as number)).toMatchObject({
      resolution: "works_as_designed",
      root_cause: "팀의 한 주 시작이 기본값으로 일요일이에요.",
      status: "draft",
    });
    await setWorksAsDesigned(t.db, { assignmentId, actor: asNewcomer(), undo: true }, tick());
    expect((await getWriteup(t.db, draft?.id as number))?.resolution).toBe("fixed");
    expect(await writeupCount()).toBe(1);
  });

  it("drafts once when root cause is approved and Write-up evidence follows, filling only what was empty", async () => {
    const { assignmentId, step } = await claimed();
    await submit(step.reproduce, "Seen on staging.");
    await submit(step.root_cause, "Empty sum is undefined.");
    await review(step.root_cause);
    const first = await getAssignmentWriteup(t.db, assignmentId);
    expect(first?.status).toBe("draft");
    let w = await getWriteup(t.db, first?.id as number);
    expect(w?.fix).toBe("");

    // The newcomer edits the draft's symptom; later evidence must not overwrite it.
    await t.db
      .updateTable("writeups")
      .set({ symptom: "Edited by the newcomer." })
      .where("id", "=", first?.id as number)
      .execute();
    await review(step.reproduce, "request_changes");
    await submit(step.reproduce, "Newer reproduce notes.");
    await submit(step.fix, "Default the sum to 0.", ["https://github.com/acme/app/pull/13"]);
    await submit(step.writeup, "Ready.");
    await review(step.writeup, "request_changes");
    await submit(step.writeup, "Updated.");

    expect(await writeupCount()).toBe(1);
    expect((await getAssignmentWriteup(t.db, assignmentId))?.id).toBe(first?.id);
    w = await getWriteup(t.db, first?.id as number);
    expect(w?.symptom).toBe("Edited by the newcomer.");
    expect(w?.fix).toBe("Default the sum to 0.");
    expect(w?.links.map((l) => l.url)).toEqual(["https://github.com/acme/app/pull/13"]);
  });
});

describe("the draft follows the steps signed off after it", () => {
  it("approving Failing test and Fix fills the draft before the Write-up step: its fix, and a debugging section for the test", async () => {
    const { assignmentId, step } = await claimed();
    await submit(step.reproduce, "Seen on staging.");
    await submit(step.locate, "`InvoiceTotal.render` sums the lines.");
    await submit(step.root_cause, "Empty sum is undefined.");
    await review(step.root_cause);
    const draft = await getAssignmentWriteup(t.db, assignmentId);
    let w = await getWriteup(t.db, draft?.id as number);
    expect(w?.fix).toBe("");
    expect(w?.debugging).not.toContain("Failing test");
    // No write-up before root cause: signing off earlier steps drafts nothing.
    await submit(step.failing_test, "`total.test.ts` expects `$0.00` and fails.");
    await review(step.failing_test);
    await submit(step.fix, "Default the sum to 0.");
    await review(step.fix);
    // The newcomer opens the draft at the Write-up step, before sending any evidence there.
    w = await getWriteup(t.db, draft?.id as number);
    expect(w?.fix).toBe("Default the sum to 0.");
    expect(w?.debugging).toBe(
      "### Find the code\n\n`InvoiceTotal.render` sums the lines.\n\n" +
        "### Failing test\n\n`total.test.ts` expects `$0.00` and fails.",
    );
    expect(await writeupCount()).toBe(1);
  });

  it("keeps debugging the newcomer wrote, adding only a section for a step it has none for", async () => {
    const { assignmentId, step } = await claimed();
    await submit(step.locate, "`InvoiceTotal.render` sums the lines.");
    await submit(step.root_cause, "Empty sum is undefined.");
    await review(step.root_cause);
    const draft = await getAssignmentWriteup(t.db, assignmentId);
    await t.db
      .updateTable("writeups")
      .set({ debugging: "### Find the code\n\nMy own words." })
      .where("id", "=", draft?.id as number)
      .execute();
    await submit(step.failing_test, "`total.test.ts` fails.");
    await review(step.failing_test);
    const w = await getWriteup(t.db, draft?.id as number);
    expect(w?.debugging).toBe(
      "### Find the code\n\nMy own words.\n\n### Failing test\n\n`total.test.ts` fails.",
    );
  });

  it("signing off steps before Root cause drafts nothing", async () => {
    const { assignmentId, step } = await claimed();
    await submit(step.reproduce, "Seen on staging.");
    await review(step.reproduce);
    expect(await getAssignmentWriteup(t.db, assignmentId)).toBeNull();
    expect(await writeupCount()).toBe(0);
  });
});

describe("the mentor's sign-off verifies it", () => {
  it("approving Write-up verifies and publishes the draft", async () => {
    const { assignmentId, step } = await claimed();
    await submit(step.reproduce, "Seen on staging.");
    await submit(step.writeup, "Ready for review.");
    const before = await getAssignmentWriteup(t.db, assignmentId);
    expect(before).toMatchObject({ status: "draft", verifiedAt: null });
    await review(step.writeup);
    const w = await getWriteup(t.db, before?.id as number);
    expect(w?.status).toBe("published");
    expect(w?.verified_by).toBe(mentor);
    expect(w?.verified_at).not.toBeNull();
    expect(w?.published_at).not.toBeNull();
    const audit = await t.db
      .selectFrom("audit_events")
      .select(["action", "actor_id"])
      .where("subject_type", "=", "writeup")
      .where("subject_id", "=", before?.id as number)
      .execute();
    expect(audit).toContainEqual({ action: "writeup.verified", actor_id: mentor });
  });

  it("keeps the first publication time of a write-up the newcomer already published", async () => {
    const { assignmentId, step } = await claimed();
    await submit(step.writeup, "Ready.");
    const { id } = (await getAssignmentWriteup(t.db, assignmentId)) as { id: number };
    await t.db
      .updateTable("writeups")
      .set({ status: "published", published_at: "2026-11-01T00:00:00.000Z" })
      .where("id", "=", id)
      .execute();
    await review(step.writeup);
    const w = await getWriteup(t.db, id);
    expect(w).toMatchObject({ status: "published", published_at: "2026-11-01T00:00:00.000Z" });
    expect(w?.verified_by).toBe(mentor);
  });
});

const base = writeupInput();

describe("this may already be answered", () => {
  it("finds similar published write-ups for a ticket, never its own", async () => {
    const similar = await createWriteup(t.db, {
      authorId: null,
      status: "published",
      writeup: {
        ...base,
        title: "Invoice total shows a dollar sign only",
        symptom: "Empty invoices show $ without an amount.",
        resolution: "works_as_designed",
      },
    });
    await createWriteup(t.db, {
      authorId: null,
      status: "published",
      writeup: { ...base, title: "Password reset e-mail never arrives", component: "auth" },
    });
    const { ticketId } = await claimed();
    const own = await createWriteup(t.db, {
      authorId: null,
      status: "published",
      ticketId,
      writeup: { ...base, title: "Invoice total shows a bare $ sign" },
    });
    resetVocabulary(t.db);
    const ticket = await getTicket(t.db, ticketId);
    const related = await relatedWriteupsForTicket(t.db, ticket as NonNullable<typeof ticket>);
    expect(related[0]).toEqual({
      id: similar,
      title: "Invoice total shows a dollar sign only",
      resolution: "works_as_designed",
    });
    expect(related.map((r) => r.id)).not.toContain(own);
    expect(related.length).toBeLessThanOrEqual(5);
  });

  it("leaves out write-ups that share only a plain word of the ticket's description", async () => {
    const answer = await createWriteup(t.db, {
      authorId: null,
      status: "published",
      writeup: {
        ...base,
        title: "Postgres refuses writes: transaction ID wraparound",
        symptom:
          "Every insert failed with 'database is not accepting commands to avoid wraparound data loss'.",
        rootCause: "Autovacuum never finished on the largest table, so transaction ids ran out.",
      },
    });
    const plain = await createWriteup(t.db, {
      authorId: null,
      status: "published",
      writeup: {
        ...base,
        title: "Newsletter sent twice",
        symptom: "The weekly newsletter went out twice on Monday morning.",
      },
    });
    // Write-ups about other things, so that the words' rarity means something.
    for (let i = 0; i < 10; i++)
      await createWriteup(t.db, {
        authorId: null,
        status: "published",
        writeup: { ...base, title: `Invoice ${i} export`, symptom: `Invoice ${i} export is slow.` },
      });
    resetVocabulary(t.db);
    const ticket = {
      id: -1,
      title: "Postgres refuses writes after transaction ID wraparound",
      body: "Since this morning every insert fails: database is not accepting commands to avoid wraparound data loss.",
    };
    const related = await relatedWriteupsForTicket(t.db, ticket);
    expect(related[0]?.id).toBe(answer);
    // "morning" alone is no reason to show the newsletter beside it.
    expect(related.map((r) => r.id)).not.toContain(plain);
    // Searched for itself, the newsletter is still found.
    const alone = await relatedWriteupsForTicket(t.db, {
      id: -1,
      title: "Newsletter went out twice",
      body: "Monday morning.",
    });
    expect(alone[0]?.id).toBe(plain);
  });

  it("shows nothing for a ticket no write-up is about, though some share its plain words", async () => {
    const publish = (title: string, symptom: string) =>
      createWriteup(t.db, {
        authorId: null,
        status: "published",
        writeup: { ...base, title, symptom },
      });
    await publish(
      "Rotated API key still works for 24 hours",
      "Old keys still work after rotation.",
    );
    await publish("Okta users bounced back to sign-in", "Okta sends them to the sign-in page.");
    await publish("Admins are logged out after 12 hours", "They still see the log-in page.");
    await publish("안드로이드 푸시 알림 아이콘이 회색 네모로 보임", "알림 아이콘이 회색으로 보임.");
    await publish("결제 완료 후에도 주문 상태가 입금 대기로 보임", "주문 상태가 바뀌지 않아 보임.");
    const answer = await publish(
      "Confetti ignores the reduced-motion setting",
      "The approval confetti plays even when the system asks for reduced motion.",
    );
    for (let i = 0; i < 10; i++)
      await publish(`Invoice ${i} export`, `Invoice ${i} export is slow.`);
    resetVocabulary(t.db);
    const ticket = (title: string, body: string) =>
      relatedWriteupsForTicket(t.db, { id: -1, title, body });
    const motion = await ticket(
      "Reduced-motion users still see the confetti",
      "With reduce motion turned on, users still see the confetti when a checkpoint is approved.",
    );
    expect(motion.map((r) => r.id)).toEqual([answer]);
    // Nothing is about a screen reader or a dark table: a plain word shared is no reason to show.
    expect(
      await ticket(
        "Screen reader announces the chart legend twice",
        "VoiceOver users still hear every legend item twice; they see it once.",
      ),
    ).toEqual([]);
    expect(
      await ticket(
        "다크 모드에서 표 테두리가 안 보여요",
        "다크 모드로 바꾸면 표 칸이 구분되지 않습니다.",
      ),
    ).toEqual([]);
  });

  it("shows beside the write-up about the ticket none that holds a plain word or two of it", async () => {
    const publish = (title: string, symptom: string) =>
      createWriteup(t.db, {
        authorId: null,
        status: "published",
        writeup: { ...base, title, symptom },
      });
    const answer = await publish(
      "탈퇴한 회원이 같은 이메일로 재가입을 못 함",
      "탈퇴 후 다시 가입하려는데 '이미 사용 중인 이메일입니다'가 나옴. 탈퇴 회원에게도 유니크 제약이 걸림.",
    );
    const signupMail = await publish(
      "회원가입 인증 메일이 발송되지 않음",
      "가입하면 인증 이메일이 오지 않는다는 고객 문의가 많음.",
    );
    const spam = await publish(
      "주문 확인 메일이 스팸함으로 감",
      "주문 완료 이메일을 못 받았다는 고객 문의가 늘어남. 메일 주소는 같은데 스팸함에 있음.",
    );
    for (let i = 0; i < 10; i++)
      await publish(`정산 배치 ${i} 지연`, `정산 배치 ${i} 가 늦게 끝남.`);
    resetVocabulary(t.db);
    const related = await relatedWriteupsForTicket(t.db, {
      id: -1,
      title: "탈퇴 후 다시 가입이 안 된다는 문의",
      body: "탈퇴한 고객이 같은 메일 주소로 가입하면 '이미 사용 중인 이메일입니다' 가 나옵니다.",
    });
    // The sign-up and order e-mails share 가입, 메일, 고객 and 문의: less than half of what the
    // answer holds of the ticket.
    expect(related.map((r) => r.id)).toEqual([answer]);
    expect(related.map((r) => r.id)).not.toContain(signupMail);
    expect(related.map((r) => r.id)).not.toContain(spam);
  });

  it("shows nothing when the write-up holding the most of a ticket holds less than a quarter of it", async () => {
    const publish = (title: string, symptom: string) =>
      createWriteup(t.db, {
        authorId: null,
        status: "published",
        writeup: { ...base, title, symptom },
      });
    const receipts = await publish(
      "Receipt e-mails land in Gmail's spam folder",
      "Customers find receipt e-mails in spam; the DKIM check fails.",
    );
    await publish("Team invites expire too soon", "An invite to the team expires after a day.");
    for (let i = 0; i < 10; i++)
      await publish(`Invoice ${i} export`, `Invoice ${i} export is slow.`);
    resetVocabulary(t.db);
    const ticket = (title: string, body: string) =>
      relatedWriteupsForTicket(t.db, { id: -1, title, body });
    // Only "e-mail" and "team" are shared: the welcome e-mail's subject is in no write-up.
    expect(
      await ticket(
        "Typo in the welcome e-mail subject",
        "The subject line of the welcome e-mail says 'Welcom to the team'.",
      ),
    ).toEqual([]);
    // Asked about, the receipts write-up is still shown.
    const spam = await ticket("Receipts go to spam", "Gmail puts our receipt e-mails in spam.");
    expect(spam.map((r) => r.id)).toEqual([receipts]);
  });

  it("a mentor closes a ticket as a duplicate of a write-up; a newcomer cannot", async () => {
    const writeupId = await createWriteup(t.db, {
      authorId: null,
      status: "published",
      writeup: { ...base, title: "Invoice total shows a dollar sign only" },
    });
    const draftId = await createWriteup(t.db, {
      authorId: null,
      writeup: { ...base, title: "Unpublished" },
    });
    const { ticketId, assignmentId } = await claimed();
    expect(
      await closeAsDuplicate(t.db, { ticketId, writeupId, actor: asNewcomer() }, tick()),
    ).toEqual({ ok: false, reason: "forbidden" });
    expect(
      await closeAsDuplicate(t.db, { ticketId, writeupId: draftId, actor: asMentor() }, tick()),
    ).toEqual({ ok: false, reason: "no_writeup" });
    expect((await getTicket(t.db, ticketId))?.status).not.toBe("closed");

    // Someone works on it: closing would end their assignment, which is asked first. Agreeing
    // to end another assignment (one claimed meanwhile, say) is no agreement either.
    const asked = await closeAsDuplicate(t.db, { ticketId, writeupId, actor: asMentor() }, tick());
    expect(asked).toEqual({
      ok: false,
      reason: "ends_work",
      assignmentId,
      newcomerName: expect.any(String),
    });
    expect(
      await closeAsDuplicate(
        t.db,
        { ticketId, writeupId, actor: asMentor(), endsAssignment: assignmentId + 1000 },
        tick(),
      ),
    ).toMatchObject({ ok: false, reason: "ends_work" });
    expect((await getTicket(t.db, ticketId))?.status).not.toBe("closed");
    expect(
      await closeAsDuplicate(
        t.db,
        { ticketId, writeupId, actor: asMentor(), endsAssignment: assignmentId },
        tick(),
      ),
    ).toEqual({ ok: true });
    const ticket = await getTicket(t.db, ticketId);
    expect(ticket).toMatchObject({ status: "closed", close_reason: "duplicate", assignment: null });
    const assignment = await t.db
      .selectFrom("assignments")
      .select("status")
      .where("id", "=", assignmentId)
      .executeTakeFirstOrThrow();
    expect(assignment.status).toBe("closed");
    const events = (await listTicketEvents(t.db, ticketId, ALL_EVENTS)).items;
    expect(events.find((e) => e.kind === "status_changed" && e.data.to === "closed")?.data).toEqual(
      { from: "claimed", to: "closed", closeReason: "duplicate", via: `writeup:${writeupId}` },
    );
    expect(events.at(-1)).toMatchObject({
      kind: "duplicate_of",
      actor: expect.any(String),
      data: { writeupId, title: "Invoice total shows a dollar sign only" },
    });
    // Already closed: nothing more to do.
    expect(
      await closeAsDuplicate(
        t.db,
        { ticketId, writeupId, actor: { id: lead, role: "lead" } },
        tick(),
      ),
    ).toEqual({ ok: false, reason: "finished" });
  });
});
