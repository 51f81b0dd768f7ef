import type { DB } from "#db/client";
import { buildUser, type UserSpec } from "./builders";

/**
 * The demo organisation: Hanbit Pay, a small payments team. Written for Koan; deterministic
 * (same people, same order, same ids on an empty database).
 */
export const COMPONENTS = [
  "billing",
  "auth",
  "search",
  "notifications",
  "imports",
  "web-ui",
] as const;

export const DEMO_USERS: readonly UserSpec[] = [
  { email: "lead@koan.test", name: "Seo-yeon Park", role: "lead" },
  {
    email: "mentor@koan.test",
    name: "Tomás Rivera",
    role: "mentor",
    capacity: 3,
    components: ["billing", "imports"],
  },
  {
    email: "priya@koan.test",
    name: "Priya Raman",
    role: "mentor",
    capacity: 2,
    components: ["search", "web-ui"],
  },
  {
    email: "daniel@koan.test",
    name: "Daniel Osei",
    role: "mentor",
    capacity: 2,
    components: ["auth", "notifications"],
  },
  {
    email: "yuna@koan.test",
    name: "최유나",
    role: "mentor",
    capacity: 3,
    components: ["billing", "search", "auth"],
  },
  // September cohort
  { email: "newcomer@koan.test", name: "Minjun Kim", role: "newcomer", startDate: "2026-09-07" },
  { email: "ana@koan.test", name: "Ana Sousa", role: "newcomer", startDate: "2026-09-07" },
  { email: "leo@koan.test", name: "Leo Fischer", role: "newcomer", startDate: "2026-09-14" },
  { email: "jiwoo@koan.test", name: "한지우", role: "newcomer", startDate: "2026-09-21" },
  // October cohort
  { email: "sam@koan.test", name: "Sam Whitfield", role: "newcomer", startDate: "2026-10-05" },
  {
    email: "fatima@koan.test",
    name: "Fatima Zahra Benali",
    role: "newcomer",
    startDate: "2026-10-05",
  },
  { email: "noah@koan.test", name: "Noah Schmidt", role: "newcomer", startDate: "2026-10-12" },
  { email: "aiko@koan.test", name: "Aiko Tanaka", role: "newcomer", startDate: "2026-10-19" },
];

export async function seedDemo(db: DB, now: Date = new Date()) {
  const ids: Record<string, number> = {};
  for (const spec of DEMO_USERS) ids[spec.email] = await buildUser(db, spec, now);
  return { userIds: ids };
}
