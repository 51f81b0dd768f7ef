import { z } from "zod";
import { CLOSE_REASONS, TICKET_STATUSES } from "#db/schema";
import { k, type Msg } from "~/lib/i18n/messages";
import { parseJson } from "~/lib/json";

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
  z.object({
    kind: z.literal("released"),
    /** `idleDays`: released by Koan after that many days without progress; none for a person. */
    data: z.object({ idleDays: z.number().int().positive().optional() }).catch({}),
  }),
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

/** One line/**
 * One line about an event for the ticket's Activity list, as a message (`k()`) the page shows in
 * the reader's language; `names` holds `peopleIn`'s names. An unknown kind reads as its stored name.
 */
export function describeTicketEvent(event: TicketEvent, names: ReadonlyMap<number, string>): Msg {
  const person = (id: number) => {
    const name = names.get(id);
    return name ? { name, known: "yes" } : { name: "", known: "no" };
  };
  switch (event.kind) {
    case "created":
      return event.data.source === "github"
        ? k("tickets.event.openedOnGitHub")
        : k("tickets.event.created");
    case "imported":
      return k("tickets.event.imported");
    case "updated":
      return k("tickets.event.updated");
    case "updated_by_webhook":
      return k("tickets.event.updatedByWebhook");
    case "claimed":
      return k("tickets.event.claimed");
    case "mentor_chosen":
      return k("tickets.event.mentorChosen", person(event.data.mentorId));
    case "mentor_changed":
      return k("tickets.event.mentorChanged", person(event.data.mentorId));
    case "released":
      return event.data.idleDays
        ? k("tickets.event.releasedIdle", { days: event.data.idleDays })
        : k("tickets.event.released");
    case "reassigned": {
      const from = person(event.data.from);
      const to = person(event.data.to);
      return k("tickets.event.reassigned", {
        from: from.name,
        fromKnown: from.known,
        to: to.name,
        toKnown: to.known,
      });
    }
    case "status_changed": {
      const { to, closeReason, via } = event.data;
      return k("tickets.event.status", {
        to,
        reason: closeReason ?? "none",
        via: via === "github" ? "github" : "other",
      });
    }
    case "duplicate_of":
      return k("tickets.event.duplicateOf", { title: event.data.title });
    case "works_as_designed":
      return k("tickets.event.worksAsDesigned");
    case "back_to_fixing":
      return k("tickets.event.backToFixing");
    case "reopened":
      return k("tickets.event.reopened");
    case "unknown":
      return event.storedKind;
  }
}
