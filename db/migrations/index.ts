import type { Migration } from "kysely";
import * as m0001 from "./0001_foundation";

/**
 * Every migration, by name, in order. Listed in code rather than read from the folder so that
 * the bundled server carries them with it.
 */
export const migrations: Record<string, Migration> = {
  "0001_foundation": m0001,
};
