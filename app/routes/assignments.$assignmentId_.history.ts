import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { localeFor, requireUser } from "~/auth/current-user.server";
import { db } from "~/lib/db.server";
import { idField } from "~/lib/fields";
import { translate } from "~/lib/i18n/catalogs.server";
import { k } from "~/lib/i18n/messages";
import { cursorParam } from "~/lib/newest";
import { getStepHistoryWindow } from "~/mentoring/assignment-page.server";

// GET /assignments/:id/history?step=…&list=evidence|comments&before=… — "Show older" on a step's
// card, with the page's scripts: that list's window before `before`, alone, as JSON (the card adds
// it in place). Without scripts the link is the assignment page's own address, which shows the
// same window in the whole page. Seen by whoever may see the assignment; refusals in their language.

const querySchema = z.object({
  step: idField,
  list: z.enum(["evidence", "comments"]),
});

const headers = { "Cache-Control": "private, no-store" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { msg } = translate(localeFor(request, user));
  const refuse = (status: number, message: string) =>
    Response.json({ error: msg(message) }, { status, headers });
  const assignmentId = idField.safeParse(params.assignmentId);
  if (!assignmentId.success) return refuse(404, k("mentoring.assignment.notFound"));
  const search = new URL(request.url).searchParams;
  const query = querySchema.safeParse({
    step: search.get("step") ?? undefined,
    list: search.get("list") ?? undefined,
  });
  if (!query.success) return refuse(400, k("mentoring.history.badAddress"));
  const result = await getStepHistoryWindow(db, {
    assignmentId: assignmentId.data,
    stepId: query.data.step,
    list: query.data.list,
    before: cursorParam(search, "before"),
    viewer: { id: user.id, role: user.role },
  });
  if (result.ok) return Response.json(result.window, { headers });
  if (result.reason === "forbidden") return refuse(403, k("mentoring.assignment.notYours"));
  return refuse(404, k("mentoring.assignment.notFound"));
}
