import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { z } from "zod";
import { requirePermission, requirePermissionKeeping } from "~/auth/current-user.server";
import { addSynonym, listSynonyms, removeSynonym } from "~/knowledge/search-synonyms.server";
import { MAX_SYNONYM_CHARS } from "~/knowledge/search-types";
import { db } from "~/lib/db.server";
import { idField, pageField } from "~/lib/fields";
import { readForm } from "~/lib/http.server";
import { k } from "~/lib/i18n/messages";
import { pageLink, pageOf } from "~/lib/paging";
import { EmptyState } from "~/ui/empty-state";
import { FindInList } from "~/ui/find-in-list";
import { Field, FormMessage, SubmitButton } from "~/ui/form";
import { pageTitle, useContentLang, useT } from "~/ui/i18n";
import { Pager } from "~/ui/pager";

// Search synonyms (leads): Korean–English transliterations and other words searched together.

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "knowledge.synonyms.title");

/**
 * Pairs per page: the demo's 374 on one page made it 26,000 px tall on a phone, and the page grew
 * with every pair a lead added.
 */
export const SYNONYMS_PAGE_SIZE = 50;

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "manageSearchSynonyms");
  const search = new URL(request.url).searchParams;
  const q = (search.get("q") ?? "").trim().toLowerCase().slice(0, MAX_SYNONYM_CHARS);
  const all = await listSynonyms(db);
  const found = q ? all.filter((p) => p.term.includes(q) || p.synonym.includes(q)) : all;
  const asked = pageField.parse(search.get("page") ?? undefined);
  const { rows, page, pageCount, total: count } = pageOf(found, asked, SYNONYMS_PAGE_SIZE);
  const from = count === 0 ? 0 : (page - 1) * SYNONYMS_PAGE_SIZE + 1;
  return { pairs: rows, count, total: all.length, q, page, pageCount, from };
}

const schema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("add"),
    // Not capped here: a word too long is said at its field (addSynonym), with what was typed.
    term: z.string().default(""),
    synonym: z.string().default(""),
  }),
  z.object({ intent: z.literal("remove"), id: idField }),
]);

/** The add form's id: the Remove buttons are its buttons too (see the page). */
const ADD_FORM = "synonym-add";

/** The add form's typed words, kept on the 403 when the lead is a lead no more. */
const SYNONYM_TEXT_FIELDS: Readonly<Record<string, string>> = {
  term: k("knowledge.synonyms.word"),
  synonym: k("knowledge.synonyms.synonym"),
};

export async function action({ request }: ActionFunctionArgs) {
  const formData = await readForm(request);
  const user = await requirePermissionKeeping(
    request,
    "manageSearchSynonyms",
    formData,
    SYNONYM_TEXT_FIELDS,
  );
  const form = Object.fromEntries(formData);
  // A Remove button sends the add form, naming its pair: `remove=<id>`.
  const removal = typeof form.remove === "string" ? { intent: "remove", id: form.remove } : null;
  // What is being typed in the add fields stays there after a removal, without scripts too.
  const typed = (name: string) => (typeof form[name] === "string" ? form[name] : undefined);
  const typedValues = { term: typed("term"), synonym: typed("synonym") };
  const parsed = schema.safeParse(removal ?? form);
  if (!parsed.success)
    return data(
      {
        ok: false as const,
        error: k("knowledge.synonyms.notUnderstood"),
        errors: {},
        values: typedValues,
      },
      400,
    );
  const result =
    parsed.data.intent === "add"
      ? await addSynonym(db, user, parsed.data)
      : await removeSynonym(db, user, parsed.data.id);
  if (!result.ok) {
    const values = parsed.data.intent === "add" ? parsed.data : typedValues;
    const field = "field" in result && typeof result.field === "string" ? result.field : null;
    const errors: Record<string, string> = field ? { [field]: result.error } : {};
    return data({ ok: false as const, error: field ? null : result.error, errors, values }, 400);
  }
  // Said either way: a pair already gone (another lead's removal, a second tab) was not
  // removed by this press, but the lead pressed Remove and hears what became of it.
  const done =
    "term" in result
      ? k("knowledge.synonyms.added", { term: result.term, synonym: result.synonym })
      : result.removed
        ? k("knowledge.synonyms.removed", result.removed)
        : k("knowledge.synonyms.alreadyRemoved");
  return {
    ok: true as const,
    error: null,
    done,
    added: "term" in result,
    errors: {},
    values: "term" in result ? {} : typedValues,
  };
}

export default function SynonymsPage() {
  const { pairs, count, total, q, page, pageCount, from } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const values = (result?.values ?? {}) as { term?: string; synonym?: string };
  const errors = (result?.errors ?? {}) as { term?: string; synonym?: string };
  const { t } = useT();
  // A pair's word or phrase marked with its language where it is not the page's ("denial of
  // service" on a Korean page, 타임아웃 on an English one), for screen readers and fonts.
  const { lang } = useContentLang();
  const search = new URLSearchParams(useLocation().search);
  const done = result && "done" in result ? result.done : null;
  // An added pair's words leave the fields; a pair removed leaves what is being typed there
  // (the form was remounted after every change, emptying them after a removal too).
  const addForm = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (result && "added" in result && result.added) addForm.current?.reset();
  }, [result]);
  return (
    <div className="page">
      <h1>{t("knowledge.synonyms.heading")}</h1>
      <p className="muted">{t("knowledge.synonyms.lede")}</p>
      {result?.error ? <FormMessage tone="error">{result.error}</FormMessage> : null}
      {done ? <FormMessage tone="success">{done}</FormMessage> : null}
      {/* The Remove buttons below belong to this form too: a removal sends what is being typed
          here, and the page comes back with it, with or without scripts. Enter in a field still
          adds (Add is the form's first button). */}
      <Form
        id={ADD_FORM}
        method="post"
        className="stack"
        aria-label={t("knowledge.synonyms.addLabel")}
        ref={addForm}
        noValidate
      >
        <Field
          label={t("knowledge.synonyms.word")}
          name="term"
          maxLength={MAX_SYNONYM_CHARS}
          required
          defaultValue={values.term}
          error={errors.term}
        />
        <Field
          label={t("knowledge.synonyms.synonym")}
          name="synonym"
          maxLength={MAX_SYNONYM_CHARS}
          required
          defaultValue={values.synonym}
          error={errors.synonym}
        />
        <div className="actions">
          <SubmitButton intent="add">{t("knowledge.synonyms.add")}</SubmitButton>
        </div>
      </Form>
      <h2 id="pairs-heading">
        {q
          ? t("knowledge.synonyms.found", { count, total, q })
          : t("knowledge.synonyms.pairs", { count: total })}
      </h2>
      <FindInList
        id="pairs-q"
        action="/kb/synonyms#pairs-heading"
        label={t("knowledge.synonyms.find")}
        help={t("knowledge.synonyms.findHelp")}
        searchLabel={t("knowledge.synonyms.findAria")}
        button={t("knowledge.synonyms.findButton")}
        q={q}
        maxLength={MAX_SYNONYM_CHARS}
      />
      {pageCount > 1 ? (
        <p className="muted small">
          {t("knowledge.synonyms.shown", {
            from,
            to: from + pairs.length - 1,
            count,
            page,
            pageCount,
          })}
        </p>
      ) : null}
      {q && count === 0 ? (
        <EmptyState title={t("knowledge.synonyms.noMatch", { q })}>
          <p>
            {t("knowledge.synonyms.noMatchNext")}{" "}
            <Link to="/kb/synonyms#pairs-heading">
              {t("knowledge.synonyms.showAll", { total })}
            </Link>
          </p>
        </EmptyState>
      ) : null}
      <ul className="ticket-list">
        {pairs.map((p) => (
          <li key={p.id} className="ticket-row">
            <span>
              <span lang={lang(p.term)}>{p.term}</span> ↔{" "}
              <span lang={lang(p.synonym)}>{p.synonym}</span>
            </span>
            <span className="inline-form">
              <button
                type="submit"
                form={ADD_FORM}
                name="remove"
                value={p.id}
                formNoValidate
                className="button button-quiet"
                aria-label={t("knowledge.synonyms.removeLabel", {
                  term: p.term,
                  synonym: p.synonym,
                })}
              >
                {t("knowledge.synonyms.remove")}
              </button>
            </span>
          </li>
        ))}
      </ul>
      <Pager
        page={page}
        pageCount={pageCount}
        href={(n) => pageLink(search, "page", n, "pairs-heading")}
        label={t("knowledge.synonyms.pages")}
      />
    </div>
  );
}

/** A refusal or error from this page keeps the header and navigation, scripts or not. */
export { RouteErrorBoundary as ErrorBoundary } from "~/ui/error-page";
