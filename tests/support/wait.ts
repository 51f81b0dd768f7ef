/**
 * Polls `check` until it returns something truthy, and returns that; throws after `timeout` ms.
 * For things that happen soon but not at once (a log line written, a process ready), instead of a
 * fixed sleep that is either too short on a busy machine or needlessly long on an idle one.
 */
export async function waitFor<T>(
  check: () => T | Promise<T>,
  { timeout = 5_000, interval = 10, what = "a condition" } = {},
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`waited ${timeout} ms for ${what} in vain`);
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}

/**
 * Turns of the event loop (macrotasks) that happen while `work` runs: 0 when it held the loop
 * from start to end, more when it let other work in between its steps.
 */
export async function turnsDuring(work: () => Promise<unknown>): Promise<number> {
  let turns = 0;
  let running = true;
  const tick = () => {
    turns++;
    if (running) setImmediate(tick);
  };
  setImmediate(tick);
  await work();
  running = false;
  return turns;
}
