import type { Role } from "#db/schema";
import { k, type Msg } from "~/lib/i18n/messages";

/**
 * Every permission question Koan asks, answered in one place: `can(actor, action, subject)`.
 * Loaders ask it to decide which controls to show; domain functions ask it again before they
 * write, so a forged form is refused even when the route forgot to look. Rules look only at plain
 * facts about the subject (who is the newcomer, who mentors, what state the ticket is in), so
 * this module imports no domain and every domain can import it.
 */

export interface Actor {
  id: number;
  role: Role;
}

/** The people on an assignment (a newcomer working one ticket with one mentor). */
export interface AssignmentSubject {
  newcomerId: number;
  mentorId: number | null;
}

/** Who wrote a write-up, and who mentored the assignment it came from (if any). */
export interface WriteupSubject {
  authorId: number | null;
  mentorId: number | null;
}

/** A write-up as its attachments see it: its people, and whether everyone may read it. */
export interface WriteupAttachmentSubject extends WriteupSubject {
  published: boolean;
}

/** An attached file: who put it there. */
export interface AttachmentSubject {
  uploaderId: number;
}

const isLead = (a: Actor) => a.role === "lead";
const isStaff = (a: Actor) => a.role === "mentor" || a.role === "lead";
const isNewcomer = (a: Actor) => a.role === "newcomer";
const isTheNewcomer = (a: Actor, s: AssignmentSubject) => s.newcomerId === a.id;
const isTheReviewer = (a: Actor, s: AssignmentSubject) =>
  isLead(a) || (a.role === "mentor" && s.mentorId === a.id);

interface Rule<S> {
  /** Who may, in words, for the 403 page: "leads", "mentors and leads", … */
  who: string;
  allow: (actor: Actor, subject: S) => boolean;
}

function rule<S = void>(who: string, allow: (actor: Actor, subject: S) => boolean): Rule<S> {
  return { who, allow };
}

const RULES = {
  // Pages that belong to one kind of person.
  viewOnboarding: rule("newcomers", isNewcomer),
  viewMentoring: rule("mentors and leads", isStaff),
  /** The mentoring board shows a lead every pairing; a mentor sees their own mentees. */
  viewAllPairings: rule("leads", isLead),
  manageTeam: rule("leads", isLead),
  viewCohorts: rule("leads", isLead),
  editTracks: rule("leads", isLead),

  // The starter queue.
  manageTickets: rule("mentors and leads", isStaff),
  importTickets: rule("mentors and leads", isStaff),
  claimTicket: rule("newcomers", isNewcomer),
  releaseClaim: rule<AssignmentSubject>("the newcomer working this ticket", isTheNewcomer),
  reassignTicket: rule("leads", isLead),
  changeMentor: rule("leads", isLead),
  closeDuplicate: rule("mentors and leads", isStaff),

  // An assignment's checkpoints: the newcomer, their mentor and leads, each with their own part.
  viewAssignment: rule<AssignmentSubject>(
    "the newcomer on this ticket, their mentor and leads",
    (a, s) => isTheNewcomer(a, s) || isTheReviewer(a, s),
  ),
  submitEvidence: rule<AssignmentSubject>("the newcomer working the ticket", isTheNewcomer),
  decideWorksAsDesigned: rule<AssignmentSubject>("the newcomer working the ticket", isTheNewcomer),
  askForHelp: rule<AssignmentSubject>("the newcomer working the ticket", isTheNewcomer),
  /** Draft the assignment's write-up again from its evidence, after it was deleted. */
  redraftWriteup: rule<AssignmentSubject>("the newcomer working the ticket", isTheNewcomer),
  reviewCheckpoint: rule<AssignmentSubject>("their mentor and leads", isTheReviewer),
  commentOnCheckpoint: rule<AssignmentSubject>(
    "the newcomer on this ticket, their mentor and leads",
    (a, s) => isTheNewcomer(a, s) || isTheReviewer(a, s),
  ),
  /** A mentor's actions for a stuck mentee (leads too). */
  nudgeMentee: rule<AssignmentSubject>("their mentor and leads", isTheReviewer),
  recordPairingSession: rule<AssignmentSubject>("their mentor and leads", isTheReviewer),
  handOverMentee: rule<AssignmentSubject>("their mentor and leads", isTheReviewer),
  /** Hand a mentee to a mentor already at capacity (a mentor may hand over only to one with room). */
  handOverToFullMentor: rule("leads", isLead),
  releaseMentee: rule<AssignmentSubject>("their mentor and leads", isTheReviewer),
  /** Reopen an assignment closed as works as designed. */
  reopenAssignment: rule<AssignmentSubject>("their mentor and leads", isTheReviewer),

  // The knowledge base.
  editWriteup: rule<WriteupSubject>(
    "its author, the mentor of its assignment and leads",
    (a, w) => isLead(a) || w.authorId === a.id || w.mentorId === a.id,
  ),
  reviewKnowledge: rule("mentors and leads", isStaff),
  viewKnowledgeGaps: rule("leads", isLead),
  importWriteups: rule("mentors and leads", isStaff),

  // Attachments (screenshots, logs) on a checkpoint's evidence and on write-ups.
  viewEvidenceAttachments: rule<AssignmentSubject>(
    "the newcomer on this ticket, their mentor and leads",
    (a, s) => isTheNewcomer(a, s) || isTheReviewer(a, s),
  ),
  attachToEvidence: rule<AssignmentSubject>("the newcomer working the ticket", isTheNewcomer),
  viewWriteupAttachments: rule<WriteupAttachmentSubject>(
    "everyone for a published write-up; its author, the mentor of its assignment and leads for a draft",
    (a, w) => w.published || isLead(a) || w.authorId === a.id || w.mentorId === a.id,
  ),
  attachToWriteup: rule<WriteupSubject>(
    "its author, the mentor of its assignment and leads",
    (a, w) => isLead(a) || w.authorId === a.id || w.mentorId === a.id,
  ),
  removeAttachment: rule<AttachmentSubject>(
    "whoever attached it and leads",
    (a, s) => isLead(a) || s.uploaderId === a.id,
  ),

  // Settings → Integrations: e-mail, Slack and the rest; their status and test messages.
  manageIntegrations: rule("leads", isLead),
  manageSearchSynonyms: rule("leads", isLead),
  exportWriteups: rule("mentors and leads", isStaff),
} satisfies Record<string, Rule<never>>;

export type Action = keyof typeof RULES;
type SubjectOf<A extends Action> = (typeof RULES)[A] extends Rule<infer S> ? S : never;
type SubjectArgs<A extends Action> = SubjectOf<A> extends void ? [] : [subject: SubjectOf<A>];

/** Actions that need no subject: what a page or a whole kind of person may do. */
export type PageAction = {
  [A in Action]: SubjectOf<A> extends void ? A : never;
}[Action];

/** May `actor` do `action` (to `subject`, for actions that act on something)? */
export function can<A extends Action>(
  actor: Actor,
  action: A,
  ...subject: SubjectArgs<A>
): boolean {
  const r = RULES[action] as Rule<SubjectOf<A> | undefined>;
  return r.allow(actor, subject[0]);
}

/** Who may do `action`, in words ("mentors and leads"), for messages. */
export function whoMay(action: Action): string {
  return RULES[action].who;
}

/** Each rule's `who`, as the choice the refusal message (core.policy.refusal) selects on. */
const WHO_CHOICE: Record<string, string> = {
  newcomers: "newcomers",
  "mentors and leads": "staff",
  leads: "leads",
  "the newcomer working this ticket": "workingNewcomer",
  "the newcomer working the ticket": "workingNewcomer",
  "the newcomer on this ticket, their mentor and leads": "assignmentPeople",
  "their mentor and leads": "reviewers",
  "its author, the mentor of its assignment and leads": "writeupEditors",
};

/**
 * The sentence a refused person reads: who the page or action is for, and who they are. A message
 * key (k()), shown in the reader's language.
 */
export function refusal(actor: Actor, action: Action, what: "page" | "action" = "page"): Msg {
  return k("core.policy.refusal", {
    what,
    who: WHO_CHOICE[whoMay(action)] ?? "other",
    role: actor.role,
  });
}
