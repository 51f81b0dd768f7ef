import { type DB, writeTransaction } from "#db/client";
import { nextTurn, timeSlicer } from "./time-slice";

/**
 * Long writes (imports, a backlog of notices) as a series of short write transactions, with other
 * requests served in between.
 * `step(trx, from, due)` handles items from `from` on, in order, at least one, until `due()`
 * says its slice of time is used, and returns where the next step starts; when that is `total`,
 * the step was the last (its transaction is the place for a closing audit record). A fixed number
 * of items per transaction held the event loop as long as those items happened to take.
 */
export async function writeInSlices(
  db: DB,
  total: number,
  step: (trx: DB, from: number, due: () => boolean) => Promise<number>,
  onStep?: (done: number) => void,
): Promise<void> {
  let done = 0;
  while (done < total) {
    const slice = timeSlicer();
    const from = done;
    done = await writeTransaction(db, (trx) => step(trx, from, slice.due));
    if (done <= from) throw new Error("a write step handled nothing");
    onStep?.(done);
    if (done < total) await nextTurn();
  }
}
