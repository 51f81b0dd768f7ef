// Picking the best few of many scores without sorting them all (a page needs a few dozen of up
// to tens of thousands of write-ups).

/** The positions of the `limit` highest `keys`, highest first (ties: the earlier position). */
export function bestPositions(keys: Float64Array, limit: number): number[] {
  if (limit >= keys.length) {
    const all = Array.from(keys.keys());
    return all.sort((a, b) => (keys[b] as number) - (keys[a] as number) || a - b);
  }
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
