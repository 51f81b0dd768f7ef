import { type MetaFunction, useLoaderData } from "@remix-run/react";
import { getEnv } from "~/lib/env.server";
import { notFound } from "~/lib/http.server";

// The framework floor for `npm run bench`: the smallest page this build serves — the root shell
// (with its session lookup) and one tiny loader. It exists only when BENCH_ROUTES is on.

export const meta: MetaFunction = () => [{ title: "Framework floor · Koan" }];

export async function loader() {
  if (!getEnv().BENCH_ROUTES) throw notFound();
  return { note: "The smallest page of this build, served for the benchmark." };
}

export default function BenchFloor() {
  const { note } = useLoaderData<typeof loader>();
  return (
    <div className="page narrow">
      <h1>Framework floor</h1>
      <p>{note}</p>
    </div>
  );
}
