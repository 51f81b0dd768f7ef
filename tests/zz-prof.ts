import { ensureDataset } from "./bench/dataset";

await ensureDataset("/tmp/prof.db", { users: 200, tickets: 300, assignments: 30, writeups: 40000 });
