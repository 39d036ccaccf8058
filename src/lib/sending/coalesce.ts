import type { Db } from "@/lib/db/client";

type Waiting<I, O> = { item: I; resolve: (o: O) => void; reject: (e: unknown) => void };
type Line<I, O> = { waiting: Waiting<I, O>[]; running: boolean };

/**
 * Turn a statement over many items into a function of one item, run with whatever else is asking
 * at the same time: calls arriving while a statement is in flight wait for the next one, which
 * takes them all (up to `max`). One statement and one commit then serve many emails — the database
 * work per email shrinks as the load grows — and a lone call waits for nothing but itself.
 * `run` returns one result per item, in order; if it throws, every call of that batch rejects.
 */
export function coalesce<I, O>(run: (db: Db, items: I[]) => Promise<O[]>, max = 64) {
  const lines = new WeakMap<Db, Line<I, O>>();
  return (db: Db, item: I): Promise<O> =>
    new Promise<O>((resolve, reject) => {
      let line = lines.get(db);
      if (!line) lines.set(db, (line = { waiting: [], running: false }));
      line.waiting.push({ item, resolve, reject });
      if (!line.running) void drain(db, line);
    });

  async function drain(db: Db, line: Line<I, O>) {
    line.running = true;
    // let the calls started in the same turn (a batch of jobs) join the first statement
    await new Promise((r) => setImmediate(r));
    while (line.waiting.length > 0) {
      const batch = line.waiting.splice(0, max);
      try {
        const out = await run(
          db,
          batch.map((w) => w.item),
        );
        for (const [i, w] of batch.entries()) w.resolve(out[i] as O);
      } catch (err) {
        for (const w of batch) w.reject(err);
      }
    }
    line.running = false;
  }
}
