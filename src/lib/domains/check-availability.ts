import { env } from "@/lib/config/env";
import type { DbOrTx } from "@/lib/db/client";
import { rdapRegistrar } from "@/lib/registrars/rdap";
import { searchRegistrars } from "@/lib/registrars/search-registrars";
import { type Availability, type Registrar, RegistrarError } from "@/lib/registrars/types";
import { tldOf } from "./names";

/** availability calls in flight at once, across registrars */
const CONCURRENCY = 4;
const CACHE_TTL_MS = 60_000;

/** One name's availability with the registrar account that answered it (for buying it there). */
export type Checked = Availability & { accountId: string | null };

const cache = new Map<string, { at: number; value: Checked }>();

/**
 * Availability of each name, asked of the workspace's registrars in preference order: a name the
 * first refuses (TLD not sold through its API) or fails on goes to the next. Without any
 * registrar, RDAP answers hints (no prices: nothing can be bought). Answers are cached briefly
 * unless `fresh` (cart, checkout and purchase always ask again).
 */
export async function checkAvailability(
  db: DbOrTx,
  workspaceId: string,
  names: string[],
  opts: { fresh?: boolean } = {},
): Promise<Map<string, Checked>> {
  const out = new Map<string, Checked>();
  const now = Date.now();
  let todo: string[] = [];
  for (const name of new Set(names)) {
    const hit = opts.fresh ? undefined : cache.get(`${workspaceId}|${name}`);
    if (hit && now - hit.at < CACHE_TTL_MS) out.set(name, hit.value);
    else todo.push(name);
  }
  if (todo.length === 0) return out;

  const configured = await searchRegistrars(db, workspaceId);
  const chain = configured.length > 0 ? configured : [{ registrar: rdapRegistrar(), accountId: null }];
  const limit = limiter(CONCURRENCY);
  const lastProblem = new Map<string, string>();
  for (const { registrar, accountId } of chain) {
    if (todo.length === 0) break;
    const answered = await checkWith(registrar, todo, limit);
    const next: string[] = [];
    for (const name of todo) {
      const a = answered.get(name);
      if (a instanceof Error || a === undefined) {
        lastProblem.set(name, a ? `could not check: ${a.message}` : "the registrar did not answer for it");
        next.push(name);
      } else if (a.reason === "unsupported_tld" && !a.available) {
        lastProblem.set(name, `.${tldOf(name)} is not sold through ${registrar.id}`);
        next.push(name);
      } else {
        const value = { ...a, name, accountId };
        out.set(name, value);
        cache.set(`${workspaceId}|${name}`, { at: Date.now(), value });
      }
    }
    todo = next;
  }
  for (const name of todo) {
    out.set(name, {
      name,
      available: false,
      premium: false,
      registrationCents: null,
      renewalCents: null,
      currency: env().DOMAIN_CURRENCY,
      reason: lastProblem.get(name) ?? "no registrar sells this TLD",
      registrar: chain[chain.length - 1]!.registrar.id,
      authoritative: false,
      accountId: null,
    });
  }
  pruneCache(now);
  return out;
}

/** One registrar, its batch size at a time, a few batches in flight. */
async function checkWith(
  registrar: Registrar,
  names: string[],
  limit: <T>(fn: () => Promise<T>) => Promise<T>,
): Promise<Map<string, Availability | Error>> {
  const batches: string[][] = [];
  for (let i = 0; i < names.length; i += registrar.maxCheckBatch)
    batches.push(names.slice(i, i + registrar.maxCheckBatch));
  const out = new Map<string, Availability | Error>();
  await Promise.all(
    batches.map((batch) =>
      limit(async () => {
        try {
          for (const a of await registrar.check(batch)) out.set(a.name.toLowerCase(), a);
        } catch (err) {
          const e =
            err instanceof RegistrarError ? err : new Error(err instanceof Error ? err.message : String(err));
          for (const name of batch) out.set(name, e);
        }
      }),
    ),
  );
  return out;
}

function limiter(max: number) {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async <T>(fn: () => Promise<T>): Promise<T> => {
    // a finished call hands its slot straight to the next waiter, so at most `max` run at once
    if (active >= max) await new Promise<void>((r) => waiting.push(r));
    else active++;
    try {
      return await fn();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else active--;
    }
  };
}

function pruneCache(now: number) {
  if (cache.size < 5000) return;
  for (const [k, v] of cache) if (now - v.at >= CACHE_TTL_MS) cache.delete(k);
}
