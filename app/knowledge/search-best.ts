// Picking the best few of many scores without sorting them all (a page needs a few dozen of up
// to tens of thousands of write-ups).

/** Keys read, evenly spaced, to guess where the best few begin. */
const SAMPLE = 1024;

/** The positions of the `limit` highest `keys`, highest first (ties: the earlier position). */
export function bestPositions(keys: Float64Array, limit: number): number[] {
  if (limit <= 0) return [];
  if (limit >= keys.length) {
    const all = Array.from(keys.keys());
    return all.sort((a, b) => (keys[b] as number) - (keys[a] as number) || a - b);
  }
  return sampled(keys, limit) ?? selected(keys, limit);
}

/**
 * bestPositions in one pass over many keys: a threshold from an even sample, a little below
 * where the limit-th key should stand, keeps those at or above it (about twice the limit), which
 * are then sorted. Whenever at least `limit` keys reach it, every one of the best does (ties
 * included), so the answer is exact; otherwise (an unlucky sample, or a threshold so low that
 * too many reach it) null, and the selection answers.
 */
function sampled(keys: Float64Array, limit: number): number[] | null {
  if (keys.length < 8 * SAMPLE || limit * 8 > keys.length) return null;
  const step = keys.length / SAMPLE;
  const sample = new Float64Array(SAMPLE);
  for (let i = 0; i < SAMPLE; i++) sample[i] = keys[Math.floor(i * step)] as number;
  const threshold = nthHighest(sample, Math.ceil((2 * limit * SAMPLE) / keys.length) + 4);
  const kept: number[] = [];
  const most = Math.max(limit * 16, SAMPLE);
  for (let k = 0; k < keys.length; k++)
    if ((keys[k] as number) >= threshold && kept.push(k) > most) return null;
  if (kept.length < limit) return null;
  kept.sort((a, b) => (keys[b] as number) - (keys[a] as number) || a - b);
  return kept.slice(0, limit);
}

/** bestPositions by selection: exact for any keys. */
function selected(keys: Float64Array, limit: number): number[] {
  // The limit-th highest key by selection; those above it sorted, then ties with it in order.
  const threshold = nthHighest(keys.slice(), limit - 1);
  const above: number[] = [];
  const level: number[] = [];
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k] as number;
    if (key > threshold) above.push(k);
    else if (key === threshold && level.length < limit) level.push(k);
  }
  above.sort((a, b) => (keys[b] as number) - (keys[a] as number) || a - b);
  return [...above, ...level].slice(0, limit);
}

/** The value that would stand at `n` (0-based) if `values` were sorted highest first. */
function nthHighest(values: Float64Array, n: number): number {
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >> 1] as number;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((values[i] as number) > pivot) i++;
      while ((values[j] as number) < pivot) j--;
      if (i <= j) {
        const swap = values[i] as number;
        values[i] = values[j] as number;
        values[j] = swap;
        i++;
        j--;
      }
    }
    if (n <= j) hi = j;
    else if (n >= i) lo = i;
    else return values[n] as number;
  }
  return values[lo] as number;
}
