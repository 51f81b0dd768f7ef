import { z } from "zod";
import { CLOSE_REASONS, TICKET_STATUSES } from "#db/schema";
import { parseJson } from "~/lib/json";
import { CLOSE_REASON_LABELS, STATUS_LABELS } from "./labels";

// A ticket's timeline: every event kind with the data it is written with (`recordTicketEvent`),
// read back through one zod schema per kind. A stored row of an unknown kind, or with data
// that doesn't fit its kind, reads as an `unknown` event: a timeline never breaks a page.

const userId = z.number().int();
const source = z.enum(["manual", "import", "github"]);
/** Kinds whose data the timeline does not need: any data (or none) reads as `{}`. */
const nothing = z.object({}).catch({});

const eventSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("created"),
    data: z.object({ source: source.optional(), externalId: z.string().optional() }).catch({}),
  }),
  z.object({
    kind: z.literal("imported"),
    data: z.object({ source: source.optional(), externalId: z.string().optional() }).catch({}),
  }),
  z.object({ kind: z.literal("updated"), data: nothing }),
  z.object({
    kind: z.literal("updated_by_webhook"),
    data: z.object({ source: source.optional() }).catch({}),
  }),
  z.object({
    kind: z.literal("status_changed"),
    data: z.object({
      from: z.enum(TICKET_STATUSES),
      to: z.enum(TICKET_STATUSES),
      closeReason: z.enum(CLOSE_REASONS).nullish(),
      /** "github" for a GitHub webhook, "writeup:<id>" for a duplicate; none for a person. */
      via: z.string().optional(),
    }),
  }),
  z.object({ kind: z.literal("claimed"), data: nothing }),
  z.object({ kind: z.literal("mentor_chosen"), data: z.object({ mentorId: userId }) }),
  z.object({ kind: z.literal("mentor_changed"), data: z.object({ mentorId: userId }) }),
  z.object({ kind: z.literal("released"), data: nothing }),
  z.object({ kind: z.literal("reassigned"), data: z.object({ from: userId, to: userId }) }),
  z.object({ kind: z.literal("works_as_designed"), data: nothing }),
  z.object({ kind: z.literal("back_to_fixing"), data: nothing }),
  z.object({ kind: z.literal("reopened"), data: nothing }),
  z.object({
    kind: z.literal("duplicate_of"),
    data: z.object({ writeupId: userId, title: z.string() }),
  }),
]);

/** An event as `recordTicketEvent` writes it: its kind, and the data that kind carries. */
export type TicketEventInput = DataOptionalWhenEmpty<z.input<typeof eventSchema>>;
type DataOptionalWhenEmpty<E> = E extends { kind: infer K; data: infer D }
  ? Record<string, never> extends D
    ? { kind: K; data?: D }
    : { kind: K; data: D }
  : never;

/** An event as read back: its kind and the data that kind carries. */
export type KnownTicketEvent = z.output<typeof eventSchema>;
export type TicketEventKind = KnownTicketEvent["kind"];

/** What a ticket's timeline holds: a known event, or a stored row it can't read. */
export type TicketEvent =
  | KnownTicketEvent
  | { kind: "unknown"; storedKind: string; data: Record<string, never> };

/** A stored event row (`kind`, and `data` as JSON text) as a typed event; never throws. */
export function parseTicketEvent(kind: string, dataText: string): TicketEvent {
  const data = parseJson(z.unknown(), dataText, null);
  const parsed = eventSchema.safeParse({ kind, data });
  return parsed.success ? parsed.data : { kind: "unknown", storedKind: kind, data: {} };
}

/** The people an event names (mentors, the newcomers of a reassignment), to look up once. */
export function peopleIn(event: TicketEvent): number[] {
  switch (event.kind) {
    case "mentor_chosen":
    case "mentor_changed":
      return [event.data.mentorId];
    case "reassigned":
      return [event.data.from, event.data.to];
    default:
      return [];
  }
}

/** One line about an event for the ticket's Activity list; `names` holds `peopleIn`'s names. */
export function describeTicketEvent(
  event: TicketEvent,
  names: ReadonlyMap<number, string>,
): string {
  const name = (id: number) => names.get(id) ?? "someone";
  switch (event.kind) {
    case "created":
      return event.data.source === "github" ? "Opened on GitHub" : "Created";
    case "imported":
      return "Imported from a file";
    case "updated":
      return "Edited";
    case "updated_by_webhook":
      return "Updated from GitHub";
    case "claimed":
      return "Claimed";
    case "mentor_chosen":
      return `Chose ${name(event.data.mentorId)} as mentor`;
    case "mentor_changed":
      return `Changed the mentor to ${name(event.data.mentorId)}`;
    case "released":
      return "Released the claim; back in the queue";
    case "reassigned":
      return `Reassigned from ${name(event.data.from)} to ${name(event.data.to)}`;
    case "status_changed": {
      const { to, closeReason, via } = event.data;
      const reason = closeReason ? ` (${CLOSE_REASON_LABELS[closeReason]})` : "";
      return `Status → ${STATUS_LABELS[to]}${reason}${via === "github" ? " via GitHub" : ""}`;
    }
    case "duplicate_of":
      return `Closed as a duplicate: already answered by the write-up “${event.data.title}”`;
    case "works_as_designed":
      return "Declared it works as designed; on to the write-up";
    case "back_to_fixing":
      return "Went back to fixing it (no longer works as designed)";
    case "reopened":
      return "Reopened: back to fixing it";
    case "unknown":
      return event.storedKind;
  }
}
