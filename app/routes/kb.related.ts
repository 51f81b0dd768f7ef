import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireUser } from "~/auth/current-user.server";
import { findRelatedWriteups } from "~/knowledge/capture.server";
import { db } from "~/lib/db.server";

// GET /kb/related?q=… — "this may already be answered" while a ticket is being written:
// the published write-ups most like the text so far (`title`: the ticket's title, whose words a
// long text keeps first), as JSON for the ticket form.

const querySchema = z.object({
  q: z.string().max(1000, "Keep the text under 1,000 characters.").default(""),
  /** The ticket's title: its words are kept first when the text is long. */
  title: z.string().max(300, "Keep the title under 300 characters.").default(""),
});

const headers = { "Cache-Control": "private, no-store" };

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  const url = new URL(request.url);
  const parsed = querySchema.safeParse({
    q: url.searchParams.get("q") ?? undefined,
    title: url.searchParams.get("title") ?? undefined,
  });
  if (!parsed.success) {
    return Response.json(
      { error: parsed.error.issues[0]?.message ?? "Invalid query.", results: [] },
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
