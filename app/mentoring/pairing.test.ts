import { describe, expect, it } from "vitest";
import { translate } from "~/lib/i18n/catalogs.server";
import { type MentorCandidate, suggestMentors } from "./pairing";

/** The reasons as an English page reads them. */
const words = (reasons: readonly string[] | undefined) => reasons?.map(translate("en").msg);

const mentor = (
  over: Partial<MentorCandidate> & { id: number; name: string },
): MentorCandidate => ({
  capacity: 3,
  activeMentees: 0,
  components: [],
  pastPairings: 0,
  ...over,
});

describe("suggestMentors", () => {
  it("rank expertise in the ticket's component first, with reasons in words", () => {
    const ranked = suggestMentors(
      [
        mentor({ id: 1, name: "Ana", components: ["search"] }),
        mentor({ id: 2, name: "Tomás", components: ["billing", "imports"], activeMentees: 1 }),
      ],
      { component: "billing" },
    );
    expect(ranked.map((s) => s.mentorId)).toEqual([2, 1]);
    expect(words(ranked[0]?.reasons)).toEqual(["knows billing", "2 of 3 mentee places free"]);
    expect(words(ranked[1]?.reasons)).toEqual(["3 of 3 mentee places free"]);
  });

  it("prefer a mentor who mentored this newcomer before, all else equal", () => {
    const ranked = suggestMentors(
      [mentor({ id: 1, name: "Ana" }), mentor({ id: 2, name: "Ben", pastPairings: 2 })],
      { component: "auth" },
    );
    expect(ranked[0]).toMatchObject({ mentorId: 2 });
    expect(words(ranked[0]?.reasons)).toEqual(["3 of 3 mentee places free", "mentored you before"]);
  });

  it("weigh free capacity: an expert with room beats a busier expert", () => {
    const ranked = suggestMentors(
      [
        mentor({ id: 1, name: "Busy", components: ["auth"], capacity: 2, activeMentees: 1 }),
        mentor({ id: 2, name: "Free", components: ["auth"], capacity: 2, activeMentees: 0 }),
      ],
      { component: "auth" },
    );
    expect(ranked.map((s) => [s.name, s.score])).toEqual([
      ["Free", 5],
      ["Busy", 4],
    ]);
  });

  it("leave out mentors at capacity unless a lead overrides", () => {
    const full = mentor({
      id: 1,
      name: "Full",
      components: ["auth"],
      capacity: 2,
      activeMentees: 2,
    });
    const other = mentor({ id: 2, name: "Other" });
    expect(suggestMentors([full, other], { component: "auth" }).map((s) => s.mentorId)).toEqual([
      2,
    ]);
    const all = suggestMentors([full, other], { component: "auth" }, { includeFull: true });
    const full1 = all.find((s) => s.mentorId === 1);
    expect(full1).toMatchObject({ atCapacity: true });
    expect(words(full1?.reasons)).toEqual(["knows auth", "at capacity"]);
  });

  it("count write-ups on the component as a signal", () => {
    const ranked = suggestMentors(
      [mentor({ id: 1, name: "A" }), mentor({ id: 2, name: "B", componentWriteups: 3 })],
      { component: "search" },
    );
    expect(words(ranked[0]?.reasons)).toContain("wrote or verified 3 search write-ups");
  });
});
