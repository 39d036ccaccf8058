/** Measurement helpers shared by the scenarios: interleaved rounds, percentiles, peak RSS. */

export function percentile(sortedOrUnsorted: number[], p: number): number {
  if (sortedOrUnsorted.length === 0) return Number.NaN;
  const sorted = [...sortedOrUnsorted].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

export function median(values: number[]): number {
  return percentile(values, 50);
}

/** Time one call in milliseconds. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

/**
 * Run `fn` while sampling this process's RSS every 20 ms; returns the peak in MB. Call
 * `global.gc` first when exposed (node --expose-gc), so a side does not inherit the other's garbage.
 */
export async function withPeakRss<T>(fn: () => Promise<T>): Promise<{ peakRssMb: number; value: T }> {
  (globalThis as { gc?: () => void }).gc?.();
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 20);
  try {
    const value = await fn();
    peak = Math.max(peak, process.memoryUsage.rss());
    return { peakRssMb: Math.round(peak / 1024 / 1024), value };
  } finally {
    clearInterval(timer);
  }
}

/**
 * Alternate the two sides round by round (floor, ours, floor, ours…) so that drift in the machine's
 * load hits both alike; returns each side's per-round results in order.
 */
export async function interleave<A, B>(
  rounds: number,
  floor: (round: number) => Promise<A>,
  ours: (round: number) => Promise<B>,
): Promise<{ floor: A[]; ours: B[] }> {
  const out = { floor: [] as A[], ours: [] as B[] };
  for (let round = 0; round < rounds; round++) {
    out.floor.push(await floor(round));
    out.ours.push(await ours(round));
  }
  return out;
}

/**
 * Latency of many single operations, both sides interleaved in blocks: returns p50/p99 per side.
 */
export async function compareLatency(opts: {
  rounds: number;
  perRound: number;
  warmup?: number;
  floor: () => Promise<unknown>;
  ours: () => Promise<unknown>;
}): Promise<{ floor: { p50Ms: number; p99Ms: number }; ours: { p50Ms: number; p99Ms: number } }> {
  for (let i = 0; i < (opts.warmup ?? 20); i++) {
    await opts.floor();
    await opts.ours();
  }
  const samples = { floor: [] as number[], ours: [] as number[] };
  const block = async (fn: () => Promise<unknown>, into: number[]) => {
    for (let i = 0; i < opts.perRound; i++) into.push((await timed(fn)).ms);
  };
  await interleave(
    opts.rounds,
    () => block(opts.floor, samples.floor),
    () => block(opts.ours, samples.ours),
  );
  const summary = (s: number[]) => ({ p50Ms: round2(percentile(s, 50)), p99Ms: round2(percentile(s, 99)) });
  return { floor: summary(samples.floor), ours: summary(samples.ours) };
}

export function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

/** "12,345" */
export function thousands(n: number): string {
  return n.toLocaleString("en-US");
}
