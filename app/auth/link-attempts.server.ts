import { data } from "@remix-run/node";
import { clientIpOf, type RequestContext } from "~/lib/context";
import { db } from "~/lib/db.server";
import { failure } from "~/lib/forms";
import { k } from "~/lib/i18n/messages";
import { takeAttempt } from "./throttle.server";

/**
 * One attempt at a one-time link's form (an invite, a reset, the first lead's setup) from the
 * sender's address, under LINK_ATTEMPTS: guessing at links costs a lookup each, and a used one a
 * password hash. Null when it may go on; else the form's 429 answer, with what was typed, how
 * long to wait and its Retry-After.
 */
export async function refusedLinkAttempt(
  kind: "invite" | "reset" | "setup",
  formData: FormData,
  context: Partial<RequestContext> | undefined,
) {
  const attempt = await takeAttempt(db, `${kind}:${clientIpOf(context) ?? "unknown"}`);
  if (attempt.ok) return null;
  const minutes = Math.max(1, Math.ceil(attempt.retryAfterSeconds / 60));
  return data(failure(formData, {}, k("core.invite.rateLimited", { minutes })), {
    status: 429,
    headers: { "Retry-After": String(attempt.retryAfterSeconds) },
  });
}
