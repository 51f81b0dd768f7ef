import { describe, expect, it } from "vitest";
import { translate } from "~/lib/i18n/catalogs.server";
import { type Action, type Actor, can, refusal } from "./policies";

const newcomer: Actor = { id: 10, role: "newcomer" };
const otherNewcomer: Actor = { id: 11, role: "newcomer" };
const mentor: Actor = { id: 20, role: "mentor" };
const otherMentor: Actor = { id: 21, role: "mentor" };
const lead: Actor = { id: 30, role: "lead" };

/** Actions that need no subject: which roles may (newcomer, mentor, lead). */
const BY_ROLE: [Action, [boolean, boolean, boolean]][] = [
  ["viewOnboarding", [true, false, false]],
  ["viewMentoring", [false, true, true]],
  ["viewAllPairings", [false, false, true]],
  ["manageTeam", [false, false, true]],
  ["viewCohorts", [false, false, true]],
  ["editTracks", [false, false, true]],
  ["manageTickets", [false, true, true]],
  ["importTickets", [false, true, true]],
  ["claimTicket", [true, false, false]],
  ["reassignTicket", [false, false, true]],
  ["changeMentor", [false, false, true]],
  ["handOverToFullMentor", [false, false, true]],
  ["closeDuplicate", [false, true, true]],
  ["reviewKnowledge", [false, true, true]],
  ["viewKnowledgeGaps", [false, false, true]],
  ["manageSearchSynonyms", [false, false, true]],
  ["importWriteups", [false, true, true]],
  ["manageIntegrations", [false, false, true]],
  ["exportWriteups", [false, true, true]],
];

describe("policies by role", () => {
  for (const [action, [n, m, l]] of BY_ROLE) {
    it(`${action}: newcomer ${n}, mentor ${m}, lead ${l}`, () => {
      const ask = can as (actor: Actor, action: Action) => boolean;
      expect([ask(newcomer, action), ask(mentor, action), ask(lead, action)]).toEqual([n, m, l]);
    });
  }
});

describe("policies on an assignment", () => {
  const assignment = { newcomerId: newcomer.id, mentorId: mentor.id };
  type Who = [Actor, string];
  const people: Who[] = [
    [newcomer, "its newcomer"],
    [otherNewcomer, "another newcomer"],
    [mentor, "its mentor"],
    [otherMentor, "another mentor"],
    [lead, "a lead"],
  ];
  const TABLE: [
    (
      | "viewAssignment"
      | "submitEvidence"
      | "decideWorksAsDesigned"
      | "askForHelp"
      | "redraftWriteup"
      | "reviewCheckpoint"
      | "commentOnCheckpoint"
      | "releaseClaim"
      | "nudgeMentee"
      | "recordPairingSession"
      | "handOverMentee"
      | "releaseMentee"
      | "reopenAssignment"
      | "viewEvidenceAttachments"
      | "attachToEvidence"
    ),
    boolean[],
  ][] = [
    ["viewAssignment", [true, false, true, false, true]],
    ["submitEvidence", [true, false, false, false, false]],
    ["decideWorksAsDesigned", [true, false, false, false, false]],
    // Only the newcomer says "I'm stuck": a mentor or lead comments instead.
    ["askForHelp", [true, false, false, false, false]],
    // The write-up is the newcomer's: they draft it again after it was deleted, as they publish it.
    ["redraftWriteup", [true, false, false, false, false]],
    ["reviewCheckpoint", [false, false, true, false, true]],
    ["commentOnCheckpoint", [true, false, true, false, true]],
    ["releaseClaim", [true, false, false, false, false]],
    // A mentor acts for a stuck mentee: their own mentee only; leads for anyone.
    ["nudgeMentee", [false, false, true, false, true]],
    ["recordPairingSession", [false, false, true, false, true]],
    ["handOverMentee", [false, false, true, false, true]],
    ["releaseMentee", [false, false, true, false, true]],
    ["reopenAssignment", [false, false, true, false, true]],
    // Screenshots and logs on evidence: seen by whoever sees the evidence, added by its newcomer.
    ["viewEvidenceAttachments", [true, false, true, false, true]],
    ["attachToEvidence", [true, false, false, false, false]],
  ];
  for (const [action, expected] of TABLE) {
    it(`${action}: ${people.map(([, w], i) => `${w} ${expected[i]}`).join(", ")}`, () => {
      expect(people.map(([actor]) => can(actor, action, assignment))).toEqual(expected);
    });
  }

  it("a mentor who is also the newcomer's id never reviews without being the mentor", () => {
    expect(can(mentor, "reviewCheckpoint", { newcomerId: 99, mentorId: null })).toBe(false);
    expect(can(lead, "reviewCheckpoint", { newcomerId: 99, mentorId: null })).toBe(true);
  });
});

describe("policies on a write-up", () => {
  it("its author, the mentor of its assignment and leads may edit; nobody else", () => {
    const writeup = { authorId: newcomer.id, mentorId: mentor.id };
    expect(can(newcomer, "editWriteup", writeup)).toBe(true);
    expect(can(mentor, "editWriteup", writeup)).toBe(true);
    expect(can(lead, "editWriteup", writeup)).toBe(true);
    expect(can(otherNewcomer, "editWriteup", writeup)).toBe(false);
    expect(can(otherMentor, "editWriteup", writeup)).toBe(false);
    expect(can(otherMentor, "editWriteup", { authorId: null, mentorId: null })).toBe(false);
  });
});

describe("policies on attachments", () => {
  const draft = { authorId: newcomer.id, mentorId: mentor.id, published: false };
  it("a draft's attachments: its author, its mentor and leads; a published one's: everyone", () => {
    const people = [newcomer, otherNewcomer, mentor, otherMentor, lead];
    expect(people.map((p) => can(p, "viewWriteupAttachments", draft))).toEqual([
      true,
      false,
      true,
      false,
      true,
    ]);
    expect(
      people.map((p) => can(p, "viewWriteupAttachments", { ...draft, published: true })),
    ).toEqual([true, true, true, true, true]);
  });

  it("attaching to a write-up follows editing it", () => {
    const writeup = { authorId: newcomer.id, mentorId: mentor.id };
    const people = [newcomer, otherNewcomer, mentor, otherMentor, lead];
    expect(people.map((p) => can(p, "attachToWriteup", writeup))).toEqual([
      true,
      false,
      true,
      false,
      true,
    ]);
  });

  it("whoever attached a file and leads may remove it", () => {
    const file = { uploaderId: newcomer.id };
    expect(can(newcomer, "removeAttachment", file)).toBe(true);
    expect(can(lead, "removeAttachment", file)).toBe(true);
    expect(can(otherNewcomer, "removeAttachment", file)).toBe(false);
    expect(can(mentor, "removeAttachment", file)).toBe(false);
  });
});

describe("refusal", () => {
  it("names who the page is for and who the visitor is", () => {
    const en = translate("en");
    const ko = translate("ko");
    expect(en.msg(refusal(mentor, "viewCohorts"))).toBe(
      "This page is for leads. You are signed in as a mentor.",
    );
    expect(en.msg(refusal(newcomer, "reviewCheckpoint", "action"))).toBe(
      "This action is for their mentor and leads. You are signed in as a newcomer.",
    );
    expect(ko.msg(refusal(mentor, "viewCohorts"))).toBe(
      "이 페이지는 리드만 볼 수 있어요. 지금 멘토로 로그인했어요.",
    );
  });
});
