import path from "node:path";

/**
 * Where attached files live: the `attachments` folder beside the database file, so one data
 * folder holds everything Koan keeps (and `npm run backup` copies both).
 */
export function attachmentsDirOf(databasePath: string): string {
  return path.join(path.dirname(path.resolve(databasePath)), "attachments");
}
