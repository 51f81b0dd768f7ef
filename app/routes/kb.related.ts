import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { localeFor, requireUser } from "~/auth/current-user.server";
import { findRelatedWriteups } from "~/knowledge/capture.server";
import { db } from "~/lib/db.server";
import { translate } from "~/lib/i18n/catalogs.server";
import { k } from "~/lib/i18n/messages";

// GET /kb/related?q=… — "this may already be answered" while a ticket is being written:
// the published write-ups most like the text so far (`title`: the ticket's title, whose words a
// long text keeps first), as JSON for the ticket form. Its refusals are in the asker's language.

const TEXT_MAX = 1000;
const TITLE_MAX = 300;

const querySchema = z.object({
  q: z
    .string()
    .max(TEXT_MAX, k("knowledge.related.textTooLong", { max: TEXT_MAX }))
    .default(""),
  /** The ticket's title: its words are kept first when the text is long. */
  title: z
    .string()
    .max(TITLE_MAX, k("knowledge.related.titleTooLong", { max: TITLE_MAX }))
    .default(""),
});

const headers = { "Cache-Control": "private, no-store" };

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const url = new URL(request.url);
  const parsed = querySchema.safeParse({
    q: url.searchParams.get("q") ?? undefined,
    title: url.searchParams.get("title") ?? undefined,
  });
  if (!parsed.success) {
    const { msg } = translate(localeFor(request, user));
    return Response.json(
      {
        error: msg(parsed.error.issues[0]?.message ?? k("knowledge.related.invalid")),
        results: [],
      },
      { status: 400, headers },
    );
  }
  const { q, title } = parsed.data;
  const results = await findRelatedWriteups(db, {
    q,
    limit: 5,
    ...(title ? { focus: title } : {}),
  });
  return Response.json({ results }, { headers });
}
