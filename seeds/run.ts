import { getDatabase, migrateToLatest } from "#db/client";
import { clearAllData } from "./builders";
import { DEMO_USERS, seedDemo } from "./demo";

// `npm run seed`: resets the database named by DATABASE_PATH to the demo organisation.
const { db, sqlite } = getDatabase();
await migrateToLatest(db);
await clearAllData(db);
await seedDemo(db);
console.warn(
  `Seeded the demo organisation: ${DEMO_USERS.length} people. Log in as lead@koan.test.`,
);
sqlite.close();
