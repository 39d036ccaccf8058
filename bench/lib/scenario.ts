/**
 * What a benchmark scenario is: our path and its bare floor (the libraries it is built on, doing
 * the same work), run in the same process on the same machine, interleaved, and compared as a
 * ratio. Absolute figures vary by machine; the ratio is what a change moves.
 */

/** One side of a comparison (ours or the floor), summarised from its rounds. */
export type Side = {
  label: string;
  /** Work items a second (emails, rows, messages, requests), when the scenario counts throughput. */
  perSecond?: number;
  /** Latency percentiles in milliseconds, when the scenario times single operations. */
  p50Ms?: number;
  p99Ms?: number;
  /** Peak resident set size of this process while the side ran, in MB. */
  peakRssMb?: number;
  /** Wall time of the whole side (median round), in milliseconds. */
  wallMs?: number;
};

export type ScenarioResult = {
  name: string;
  /** The scale actually run (e.g. "1,000 mailboxes, 100k due leads"). */
  scale: string;
  ours: Side;
  floor: Side;
  /**
   * `throughput`: ours / floor of perSecond (1 = as fast as the floor, higher is better).
   * `slowdown`: ours / floor of time (1 = as fast as the floor, lower is better).
   */
  ratioKind: "throughput" | "slowdown";
  ratio: number;
  /** The target in words, and whether this run met it. */
  target: string;
  met: boolean;
  /** Anything a reader needs: what the floor is, why a gap remains. */
  notes?: string[];
};

export type BenchContext = {
  /** `--quick`: every scenario small, so CI runs it to keep it from rotting (no thresholds). */
  quick: boolean;
  /**
   * A freshly migrated database for this scenario alone; DATABASE_URL is set to it and getDb()
   * uses it. The runner closes the pool afterwards.
   */
  databaseUrl: string;
  /** A scratch folder for this scenario (files, DATA_DIR); removed afterwards. */
  dir: string;
  log: (message: string) => void;
};

export type Scenario = {
  name: string;
  /** One line: what is measured against what. */
  description: string;
  run: (ctx: BenchContext) => Promise<ScenarioResult>;
};
