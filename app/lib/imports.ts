// Shapes shared by the bulk imports (tickets, write-ups): what a preview says about a file.

/**
 * Why one part of an uploaded file will not be imported: where it is (`{ line: 7 }` in a ticket
 * file, `{ where: "item 3" }` or a zip entry's path in a knowledge-base file), which field, and
 * the reason in words: "line 7, difficulty: must be 1, 2 or 3".
 */
export type ImportProblem<Place extends object> = Place & { field: string; problem: string };

/**
 * The largest file an import reads (tickets or write-ups); the page refuses a larger one at its
 * field before sending it.
 */
export const MAX_IMPORT_FILE_BYTES = 10 * 1024 * 1024;

/** What importing one good row or item does to what Koan already holds. */
export type ImportAction = "create" | "update" | "unchanged";
