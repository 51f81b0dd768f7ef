import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { authenticateApiToken } from "~/auth/api-tokens.server";
import { searchEngine } from "~/knowledge/search.server";
import { MAX_SEARCH_QUERY_CHARS, type SnippetPart } from "~/knowledge/search-types";
import { clip } from "~/lib/clip";
import { db } from "~/lib/db.server";
import { componentText } from "~/lib/fields";
import { publicOrigin } from "~/lib/http.server";
import { logger } from "~/lib/logger.server";

// GET /api/search?q=…&limit=…&component=… with `Authorization: Bearer koan_…`: the knowledge
// base's search as JSON, for scripts and chat bots. Every answer is JSON, whatever was sent.

const NO_STORE = { "Cache-Control": "no-store" };

const paramsSchema = z.object({
  /** Longer text is searched by its start, as the search page does; `query` says what was. */
  q: z
    .string({ message: "q is required: the words to search for." })
    .transform((q) => clip(q, MAX_SEARCH_QUERY_CHARS))
    .refine((q) => q.trim().length > 0, "q is required: the words to search for."),
  limit: z
    .string()
    .regex(/^\d{1,3}$/, "limit must be a whole number from 1 to 50.")
    .transform(Number)
    .pipe(
      z
        .number()
        .min(1, "limit must be a whole number from 1 to 50.")
        .max(50, "limit must be a whole number from 1 to 50."),
    )
    .default(10),
  component: componentText("component must be at most 40 characters.")
    .transform((c) => c.toLowerCase() || undefined)
    .optional(),
});

function unauthorized(error: string, invalidToken: boolean) {
  return Response.json(
    { error },
    {
      status: 401,
      headers: {
        ...NO_STORE,
        "WWW-Authenticate": invalidToken
          ? 'Bearer realm="Koan", error="invalid_token"'
          : 'Bearer realm="Koan"',
      },
    },
  );
}

/** Plain text, with the parts that matched wrapped in ** **. */
function snippetText(parts: readonly SnippetPart[]): string {
  return parts
    .map((p) => {
      const text = p.text.replace(/\*\*/g, "").replace(/\s+/g, " ");
      return p.hit && text.trim() ? `**${text}**` : text;
    })
    .join("")
    .trim();
}

export async function loader({ request }: LoaderFunctionArgs) {
  try {
    const header = request.headers.get("Authorization");
    if (!header) {
      return unauthorized(
        "An API token is required: send it as Authorization: Bearer koan_… (create one under Settings → API tokens).",
        false,
      );
    }
    const user = await authenticateApiToken(db, header);
    if (!user) {
      return unauthorized(
        "That API token is malformed, revoked or unknown. Create a new one under Settings → API tokens.",
        true,
      );
    }
    const url = new URL(request.url);
    const raw = Object.fromEntries(
      ["q", "limit", "component"].flatMap((key) => {
        const value = url.searchParams.get(key);
        return value === null || (value === "" && key !== "q") ? [] : [[key, value]];
      }),
    );
    const parsed = paramsSchema.safeParse(raw);
    if (!parsed.success) {
      return Response.json(
        { error: parsed.error.issues.map((i) => i.message).join(" ") },
        { status: 400, headers: NO_STORE },
      );
    }
    const { q, limit, component } = parsed.data;
    const search = await searchEngine.search(db, {
      q,
      limit,
      filters: component ? { component } : {},
    });
    const origin = publicOrigin(request);
    return Response.json(
      {
        query: q,
        correctedQuery: search.correctedQuery,
        originalQuery: search.originalQuery,
        results: search.results.map((r) => ({
          id: r.id,
          title: r.title,
          snippet: snippetText(r.snippet),
          url: `${origin}/kb/${r.id}`,
          score: r.score,
          resolution: r.resolution,
          component: r.component,
        })),
      },
      { headers: NO_STORE },
    );
  } catch (error) {
    logger.error("api search failed", { error: String(error) });
    return Response.json(
      { error: "Search is unavailable right now. Try again in a minute." },
      { status: 503, headers: { ...NO_STORE, "Retry-After": "60" } },
    );
  }
}

/** Searching only reads: any other method is told so, in JSON like every answer here. */
export async function action() {
  return Response.json(
    { error: "GET only: search with GET /api/search?q=…" },
    { status: 405, headers: { ...NO_STORE, Allow: "GET, HEAD" } },
  );
}
