import type { MessageKey } from "./messages/en";

export type { MessageKey } from "./messages/en";

/** Values a message is filled in with: `{count, plural, …}`, `{name}`, dates as ISO strings. */
export type MessageValues = Readonly<Record<string, string | number>>;

/**
 * A message made on the server for the person to read in their own language: a field error from a
 * zod schema, a domain's refusal, a flash. It travels as a plain string (zod messages and action
 * data are strings): the key alone, or the key, "|", and its values as JSON. The page translates it
 * with `useT().msg(…)`; mail and notifications with `translate(locale).msg(…)`.
 */
export type Msg = string;

const SEPARATOR = "|";

/** A message key (checked by the typecheck) with its values, as one string. */
export function k(key: MessageKey, values?: MessageValues): Msg {
  return values ? `${key}${SEPARATOR}${JSON.stringify(values)}` : key;
}

/**
 * The key and values of a message made by `k()`; null for anything else (text that is not a
 * message, such as a stored note or an error from a library).
 */
export function decodeMsg(
  message: string,
  isKey: (key: string) => key is MessageKey,
): { key: MessageKey; values?: MessageValues } | null {
  const at = message.indexOf(SEPARATOR);
  const key = at === -1 ? message : message.slice(0, at);
  if (!isKey(key)) return null;
  if (at === -1) return { key };
  try {
    const values: unknown = JSON.parse(message.slice(at + 1));
    if (values && typeof values === "object" && !Array.isArray(values)) {
      return { key, values: values as MessageValues };
    }
  } catch {
    // Not values after all: show the key's message without them.
  }
  return { key };
}
