import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { recordVote } from "~/knowledge/health.server";
import { createWriteup, type WriteupInput } from "~/knowledge/writeups.server";
import { findVisibleWriteup, getWriteupPage } from "~/mentoring/writeup-page.server";
import { buildTestUser } from "../../seeds/builders";
import { createTestDatabase, type TestDatabase } from "../support/db";

const WRITEUP: WriteupInput = {
  title: "Invoice totals off by one cent",
  symptom: "Totals differ by **0.01**",
  component: "billing",
  rootCause: "Float rounding",
  fix: "Use integer cents",
  debugging: "  ",
  resolution: "fixed",
  tags: [],
  links: [],
  toil: [],
};

describe("a write-up's page", () => {
  let t: TestDatabase;
  let author: number;
  let reader: number;
  let lead: number;

  beforeEach(async () => {
    t = await createTestDatabase();
    author = await buildTestUser(t.db, "newcomer");
    reader = await buildTestUser(t.db, "newcomer");
    lead = await buildTestUser(t.db, "lead");
  });
  afterEach(async () => {
    await t.close();
  });

  it("renders the sections and shows the viewer's own vote", async () => {
    const writeupId = await createWriteup(t.db, {
      authorId: author,
      status: "published",
      writeup: WRITEUP,
    });
    await recordVote(t.db, { writeupId, userId: reader, helpful: false });
    await recordVote(t.db, { writeupId, userId: lead, helpful: true });
    const page = await getWriteupPage(t.db, {
      writeupId,
      viewer: { id: reader, role: "newcomer" },
    });
    expect(page).toMatchObject({
      votes: { helpful: 1, notHelpful: 1 },
      myVote: false,
      canEdit: false,
      writeup: { title: WRITEUP.title, html: { debugging: "" } },
    });
    expect(page?.writeup.html.symptom).toContain("<strong>0.01</strong>");
    const own = await getWriteupPage(t.db, { writeupId, viewer: { id: author, role: "newcomer" } });
    expect(own).toMatchObject({ myVote: null, canEdit: true });
  });

  it("someone else's draft is as good as missing", async () => {
    const writeupId = await createWriteup(t.db, {
      authorId: author,
      status: "draft",
      writeup: WRITEUP,
    });
    const stranger = { writeupId, viewer: { id: reader, role: "newcomer" as const } };
    expect(await getWriteupPage(t.db, stranger)).toBeNull();
    expect(await findVisibleWriteup(t.db, stranger)).toBeNull();
    expect(
      await findVisibleWriteup(t.db, { writeupId, viewer: { id: lead, role: "lead" } }),
    ).toMatchObject({ id: writeupId, status: "draft" });
    expect(
      await getWriteupPage(t.db, { writeupId: 9999, viewer: { id: lead, role: "lead" } }),
    ).toBeNull();
  });
});
