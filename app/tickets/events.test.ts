import { describe, expect, it } from "vitest";
import { translate } from "~/lib/i18n/catalogs.server";
import { describeTicketEvent, parseTicketEvent, peopleIn, type TicketEvent } from "./events";

const names = new Map([
  [1, "Aiko"],
  [2, "Tomás"],
]);
const line = (kind: string, data: unknown = {}) =>
  translate("en").msg(describeTicketEvent(parseTicketEvent(kind, JSON.stringify(data)), names));
const lineKo = (kind: string, data: unknown = {}) =>
  translate("ko").msg(describeTicketEvent(parseTicketEvent(kind, JSON.stringify(data)), names));

describe("a ticket's timeline", () => {
  it("reads each stored kind with its data, and says it in one line", () => {
    expect(line("created")).toBe("Created");
    expect(line("created", { source: "github", externalId: "12" })).toBe("Opened on GitHub");
    expect(line("imported", { source: "import", externalId: "a" })).toBe("Imported from a file");
    expect(line("updated")).toBe("Edited");
    expect(line("updated_by_webhook", { source: "github" })).toBe("Updated from GitHub");
    expect(line("claimed")).toBe("Claimed");
    expect(line("mentor_chosen", { mentorId: 2 })).toBe("Chose Tomás as mentor");
    expect(line("mentor_changed", { mentorId: 9 })).toBe("Changed the mentor to someone");
    expect(line("released")).toBe("Released the claim; back in the queue");
    expect(line("reassigned", { from: 1, to: 2 })).toBe("Reassigned from Aiko to Tomás");
    expect(line("reassigned", { from: 1, to: 7 })).toBe("Reassigned from Aiko to someone");
    expect(
      line("status_changed", {
        from: "open",
        to: "closed",
        closeReason: "wont_fix",
        via: "github",
      }),
    ).toBe("Status → Closed (won't fix) via GitHub");
    expect(
      line("status_changed", {
        from: "claimed",
        to: "closed",
        closeReason: "duplicate",
        via: "writeup:4",
      }),
    ).toBe("Status → Closed (duplicate)");
    expect(line("status_changed", { from: "open", to: "in_review", closeReason: null })).toBe(
      "Status → In review",
    );
    expect(line("duplicate_of", { writeupId: 4, title: "Totals off by a cent" })).toBe(
      "Closed as a duplicate: already answered by the write-up “Totals off by a cent”",
    );
  });

  it("says the same lines in Korean, statuses and close reasons included", () => {
    expect(lineKo("mentor_chosen", { mentorId: 2 })).toBe("Tomás 님을 멘토로 골랐어요");
    expect(
      lineKo("status_changed", {
        from: "open",
        to: "closed",
        closeReason: "wont_fix",
        via: "github",
      }),
    ).toBe("상태 → 닫힘 (수정하지 않음) (GitHub에서)");
    expect(lineKo("duplicate_of", { writeupId: 4, title: "결제 webhook timeout" })).toBe(
      "중복으로 닫았어요. 해결 기록 “결제 webhook timeout”에 이미 답이 있어요",
    );
    expect(lineKo("archived")).toBe("archived");
  });

  it("keeps the data as written", () => {
    expect(parseTicketEvent("reassigned", '{"from":1,"to":2}')).toEqual({
      kind: "reassigned",
      data: { from: 1, to: 2 },
    });
    expect(parseTicketEvent("claimed", "{}")).toEqual({ kind: "claimed", data: {} });
  });

  it("reads an unknown kind, or data that doesn't fit its kind, as a generic event", () => {
    const unknown: TicketEvent = { kind: "unknown", storedKind: "archived", data: {} };
    expect(parseTicketEvent("archived", "{}")).toEqual(unknown);
    expect(parseTicketEvent("mentor_chosen", '{"mentorId":"2"}')).toMatchObject({
      kind: "unknown",
      storedKind: "mentor_chosen",
    });
    expect(parseTicketEvent("status_changed", '{"to":"gone"}').kind).toBe("unknown");
    expect(parseTicketEvent("reassigned", "not json").kind).toBe("unknown");
    expect(line("archived")).toBe("archived");
    // Kinds that carry nothing the timeline needs read fine whatever their data.
    expect(parseTicketEvent("claimed", "not json")).toEqual({ kind: "claimed", data: {} });
    expect(line("created", { source: 42 })).toBe("Created");
  });

  it("names the people an event mentions", () => {
    expect(peopleIn(parseTicketEvent("reassigned", '{"from":1,"to":2}'))).toEqual([1, 2]);
    expect(peopleIn(parseTicketEvent("mentor_chosen", '{"mentorId":2}'))).toEqual([2]);
    expect(peopleIn(parseTicketEvent("status_changed", '{"from":"open","to":"claimed"}'))).toEqual(
      [],
    );
  });
});
