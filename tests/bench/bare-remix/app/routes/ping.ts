/** The bare resource route, Koan's /healthz counterpart (which also runs one query). */
export function loader() {
  return Response.json({ status: "ok" }, { headers: { "Cache-Control": "no-store" } });
}
