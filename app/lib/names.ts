// Limits on people's names, for the forms (in the browser) and their checks (on the server):
// kept apart from fields.ts, whose zod must not reach the browser's bundle.

/** A person's name, wherever it is typed: an invite, accepting one, Settings. */
export const NAME_MAX = 120;
