// The Korean catalog. Typed against English: a key English has and Korean lacks fails the
// typecheck; the catalog test also fails on keys only Korean has and on placeholders that differ.

import type { MessageKey } from "./en";
import attachments from "./ko/attachments.json";
import core from "./ko/core.json";
import knowledge from "./ko/knowledge.json";
import mentoring from "./ko/mentoring.json";
import team from "./ko/team.json";
import tickets from "./ko/tickets.json";

export const ko: Readonly<Record<MessageKey, string>> = {
  ...core,
  ...tickets,
  ...mentoring,
  ...knowledge,
  ...team,
  ...attachments,
};
