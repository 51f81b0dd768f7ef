// The English catalog: the source of every message key. One JSON file per part of Koan, so people
// (and branches) working on different pages don't edit the same file. Keys start with the file's name.
import attachments from "./en/attachments.json";
import core from "./en/core.json";
import knowledge from "./en/knowledge.json";
import mentoring from "./en/mentoring.json";
import team from "./en/team.json";
import tickets from "./en/tickets.json";

export const en = { ...core, ...tickets, ...mentoring, ...knowledge, ...team, ...attachments };

/** Every message the code may ask for; a key missing from English fails the typecheck. */
export type MessageKey = keyof typeof en;
