import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/auth/current-user.server";
import { listToilComponents, toilBoard } from "~/knowledge/toil.server";
import { db } from "~/lib/db.server";
import { COMPONENT_MAX_LENGTH, componentText } from "~/lib/fields";
import { k } from "~/lib/i18n/messages";
import { formatMinutes } from "~/ui/durations";
import { EmptyState } from "~/ui/empty-state";
import { pageTitle, Trans, useContentLang, useT } from "~/ui/i18n";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "knowledge.toil.title");

const filterSchema = z.object({
  component: componentText(k("knowledge.toil.filterTooLong", { max: COMPONENT_MAX_LENGTH }))
    .toLowerCase()
    .optional()
    .transform((v) => v || undefined),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  const url = new URL(request.url);
  const parsed = filterSchema.safeParse({
    component: url.searchParams.get("component") ?? undefined,
  });
  if (!parsed.success) {
    throw data(
      { message: parsed.error.issues[0]?.message ?? k("knowledge.toil.badFilter") },
      { status: 400 },
    );
  }
  const { component } = parsed.data;
  const [rows, components] = await Promise.all([
    toilBoard(db, { component, limit: 200 }),
    listToilComponents(db),
  ]);
  return { rows, components, component: component ?? null };
}

export default function ToilBoard() {
  const { rows, components, component } = useLoaderData<typeof loader>();
  const top = rows[0];
  const { t, relative } = useT();
  const { lang } = useContentLang();
  return (
    <div className="page">
      <p>
        <Link to="/kb" className="back-link">
          {t("knowledge.back")}
        </Link>
      </p>
      <header className="page-header">
        <h1>{t("knowledge.toil.heading")}</h1>
        <p className="lede">
          {t("knowledge.toil.lede")}
          {top ? (
            <>
              {" "}
              <Trans
                k="knowledge.toil.top"
                values={{
                  chore: top.description,
                  count: top.count,
                  time: formatMinutes(t, top.totalMinutes),
                  // Only the chore is bold: it is marked with the language it is written in.
                  b: (chunks) => <strong lang={lang(top.description)}>{chunks}</strong>,
                }}
              />
            </>
          ) : null}
        </p>
      </header>

      <Form method="get" className="toil-filter">
        <div className="field">
          <label htmlFor="toil-component">{t("knowledge.toil.component")}</label>
          <select id="toil-component" name="component" defaultValue={component ?? ""}>
            <option value="">{t("knowledge.toil.allComponents")}</option>
            {component && !components.includes(component) ? (
              <option value={component}>{component}</option>
            ) : null}
            {components.map((c) => (
              <option key={c} value={c}>
                {c || t("knowledge.noComponent")}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button button-secondary">
          {t("knowledge.toil.show")}
        </button>
      </Form>

      {rows.length === 0 ? (
        <EmptyState
          title={
            component
              ? t("knowledge.toil.empty.titleFor", { component })
              : t("knowledge.toil.empty.title")
          }
        >
          <p>
            {t("knowledge.toil.empty.body")}
            {component ? (
              <>
                {" "}
                <Trans
                  k="knowledge.toil.empty.all"
                  values={{ link: (chunks) => <Link to="/kb/toil">{chunks}</Link> }}
                />
              </>
            ) : null}
          </p>
        </EmptyState>
      ) : (
        // On a phone each chore reads as a card (styles.css, .stacked-table): the cells stack
        // under the chore with their column's name. It stays a table to assistive technology.
        <div className="table-wrap">
          <table className="stacked-table">
            <caption className="visually-hidden">
              {component
                ? t("knowledge.toil.captionFor", { component })
                : t("knowledge.toil.caption")}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t("knowledge.toil.col.rank")}</th>
                <th scope="col">{t("knowledge.toil.col.chore")}</th>
                <th scope="col">{t("knowledge.toil.col.component")}</th>
                <th scope="col" className="numeric">
                  {t("knowledge.toil.col.times")}
                </th>
                <th scope="col" className="numeric">
                  {t("knowledge.toil.col.spent")}
                </th>
                <th scope="col">{t("knowledge.toil.col.lastSeen")}</th>
                <th scope="col">{t("knowledge.toil.col.writeups")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => (
                <tr key={`${r.component}\u0000${r.key}`}>
                  <td className="stacked-rank">{i + 1}</td>
                  <th scope="row" className="toil-chore" lang={lang(r.description)}>
                    {r.description}
                  </th>
                  <td data-label={t("knowledge.toil.col.component")}>{r.component || "—"}</td>
                  <td className="numeric" data-label={t("knowledge.toil.col.times")}>
                    {r.count}
                  </td>
                  <td className="numeric" data-label={t("knowledge.toil.col.spent")}>
                    {formatMinutes(t, r.totalMinutes)}
                  </td>
                  <td className="nowrap" data-label={t("knowledge.toil.col.lastSeen")}>
                    {relative(r.lastSeenAt)}
                  </td>
                  <td data-label={t("knowledge.toil.col.writeups")}>
                    <span className="toil-examples">
                      {r.exampleWriteupIds.map((id) => (
                        <Link key={id} to={`/kb/${id}`}>
                          <Trans
                            k="knowledge.toil.writeupLink"
                            values={{
                              id: String(id),
                              hidden: (chunks) => <span className="visually-hidden">{chunks}</span>,
                            }}
                          />
                        </Link>
                      ))}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
