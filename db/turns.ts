import {
  type DatabaseConnection,
  type Driver,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
} from "kysely";

// better-sqlite3 answers synchronously, so a chain of awaited statements (a search reading its
// lists, a page's loaders, several requests resumed in one pass of the microtask queue) never
// gave the event loop a turn: under a burst of searches the process held it for seconds at a
// time, and neither /healthz nor a new connection was answered (`npm run bench:pages`, 100
// connections on the search page while a writer published a write-up a second).

/** How long statements may follow each other in one turn of the event loop before the next waits. */
export const TURN_BUDGET_MS = 50;

let turnStarted = -1;
const endTurn = () => {
  turnStarted = -1;
};

/**
 * Resolves at once while this turn of the event loop has run statements for less than the
 * budget, else at the loop's next turn (after it has taken new connections and other I/O). A
 * turn ends when the loop next runs its immediates.
 */
async function takeTurn(budget: number): Promise<void> {
  const now = performance.now();
  if (turnStarted < 0) {
    turnStarted = now;
    setImmediate(endTurn);
  } else if (now - turnStarted >= budget) {
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

class TurnTakingDriver extends SqliteDriver {
  constructor(
    config: SqliteDialectConfig,
    private readonly budget: number,
  ) {
    super(config);
  }
  /**
   * Waits its turn before taking the connection, never while holding it: a statement of a
   * transaction (which holds the connection throughout) runs at once, and nothing else can run
   * inside a transaction meanwhile.
   */
  override async acquireConnection(): Promise<DatabaseConnection> {
    await takeTurn(this.budget);
    return super.acquireConnection();
  }
}

/** Kysely's SQLite dialect, taking turns with the rest of the event loop (see takeTurn). */
export class TurnTakingDialect extends SqliteDialect {
  constructor(
    private readonly settings: SqliteDialectConfig,
    private readonly budget = TURN_BUDGET_MS,
  ) {
    super(settings);
  }
  override createDriver(): Driver {
    return new TurnTakingDriver(this.settings, this.budget);
  }
}
