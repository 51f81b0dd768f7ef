import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requirePermission } from "~/auth/current-user.server";
import { addSynonym, listSynonyms, removeSynonym } from "~/knowledge/search-synonyms.server";
import { db } from "~/lib/db.server";
import { readForm } from "~/lib/http.server";
import { Field, FormMessage, SubmitButton } from "~/ui/form";

// Search synonyms (leads): Korean–English transliterations and other words searched together.

export const meta: MetaFunction = () => [{ title: "Search synonyms · Koan" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "manageSearchSynonyms");
  return { pairs: await listSynonyms(db) };
}

const schema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("add"),
    term: z.string().max(100).default(""),
    synonym: z.string().max(100).default(""),
  }),
  z.object({ intent: z.literal("remove"), id: z.coerce.number().int().positive() }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "manageSearchSynonyms");
  const form = Object.fromEntries(await readForm(request));
  const parsed = schema.safeParse(form);
  if (!parsed.success)
    return data({ ok: false as const, error: "That form was not understood.", values: {} }, 400);
  const result =
    parsed.data.intent === "add"
      ? await addSynonym(db, user, parsed.data)
      : await removeSynonym(db, user, parsed.data.id);
  if (!result.ok) {
    const values = parsed.data.intent === "add" ? parsed.data : {};
    return data({ ok: false as const, error: result.error, values }, 400);
  }
  return { ok: true as const, error: null, values: {} };
}

export default function SynonymsPage() {
  const { pairs } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const values = (result?.values ?? {}) as { term?: string; synonym?: string };
  return (
    <main className="page">
      <h1>Search synonyms</h1>
      <p className="muted">
        A search for either word also finds write-ups holding the other: 타임아웃 finds
        &ldquo;timeout&rdquo;, cookie finds 쿠키.
      </p>
      {result?.error ? <FormMessage tone="error">{result.error}</FormMessage> : null}
      <Form method="post" aria-label="Add a synonym">
        <input type="hidden" name="intent" value="add" />
        <Field label="Word" name="term" maxLength={40} required defaultValue={values.term} />
        <Field
          label="Searched with it"
          name="synonym"
          maxLength={40}
          required
          defaultValue={values.synonym}
        />
        <SubmitButton intent="add">Add</SubmitButton>
      </Form>
      <h2>{pairs.length} pairs</h2>
      <ul className="ticket-list">
        {pairs.map((p) => (
          <li key={p.id} className="ticket-row">
            <span lang={/\p{Script=Hangul}/u.test(p.term) ? "ko" : undefined}>{p.term}</span> ↔{" "}
            <span>{p.synonym}</span>
            <Form method="post" style={{ display: "inline" }}>
              <input type="hidden" name="intent" value="remove" />
              <input type="hidden" name="id" value={p.id} />
              <button
                type="submit"
                className="button-link"
                aria-label={`Remove ${p.term} ↔ ${p.synonym}`}
              >
                Remove
              </button>
            </Form>
          </li>
        ))}
      </ul>
    </main>
  );
}
