import { type MetaFunction, useLoaderData } from "@remix-run/react";
import { getEnv } from "~/lib/env.server";
import { notFound } from "~/lib/http.server";
import { pageTitle, useT } from "~/ui/i18n";

// The framework floor for `npm run bench`: the smallest page this build serves — the root shell
// (with its session lookup) and one tiny loader. It exists only when BENCH_ROUTES is on.

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "core.bench.title");

export async function loader() {
  if (!getEnv().BENCH_ROUTES) throw notFound();
  return { ready: true };
}

export default function BenchFloor() {
  const { ready } = useLoaderData<typeof loader>();
  const { t } = useT();
  return (
    <div className="page narrow">
      <h1>{t("core.bench.heading")}</h1>
      <p>{ready ? t("core.bench.note") : null}</p>
    </div>
  );
}
