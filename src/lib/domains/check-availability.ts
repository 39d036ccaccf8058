import { env } from "@/lib/config/env";
import type { DbOrTx } from "@/lib/db/client";
import { rdapRegistrar } from "@/lib/registrars/rdap";
import { searchRegistrars } from "@/lib/registrars/search-registrars";
import { type Availability, type Registrar, RegistrarError, type TldRules } from "@/lib/registrars/types";
import { tldOf } from "./names";

/** availability calls in flight at once, across registrars */
const CONCURRENCY = 4;
const CACHE_TTL_MS = 60_000;

/** TLD rules change far less often than availability: kept longer, and asked again when fresh */
const RULES_TTL_MS = 10 * 60_000;

/**
 * One name's availability with the registrar account that answered it (for buying it there) and
 * that registrar's rules for its TLD (term, extra registrant fields); rules are null only for RDAP
 * hints, which sell nothing.
 */
export type Checked = Availability & { accountId: string | null; rules: TldRules | null };

const cache = new Map<string, { at: number; value: Checked }>();
const rulesCache = new Map<string, { at: number; value: TldRules }>();

/**
 * Availability of each name, asked of the workspace's registrars in preference order: a name the
 * first refuses (TLD not sold through its API, or not sellable by its TLD rules) or fails on goes
 * to the next. A name no registrar sells comes back unavailable with the last refusal's rules
 * (`sellable: false` and why), so it reads "not sold yet" rather than "taken". Without any
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
  const notSold = new Map<string, Checked>();
  for (const { registrar, accountId } of chain) {
    if (todo.length === 0) break;
    const [answered, rules] = await Promise.all([
      checkWith(registrar, todo, limit),
      // RDAP hints sell nothing: no rules to read
      configured.length > 0
        ? rulesOf(registrar, accountId, todo, opts.fresh ?? false)
        : new Map<string, TldRules | Error>(),
    ]);
    const next: string[] = [];
    for (const name of todo) {
      const a = answered.get(name);
      const r = rules.get(tldOf(name));
      if (a instanceof Error || a === undefined) {
        lastProblem.set(name, a ? `could not check: ${a.message}` : "the registrar did not answer for it");
        notSold.delete(name); // a later registrar that could not answer may sell it: unknown, not unsold
        next.push(name);
      } else if (a.reason === "unsupported_tld" && !a.available) {
        const reason = `.${tldOf(name)} is not sold through ${registrar.id}`;
        lastProblem.set(name, reason);
        notSold.set(name, {
          ...a,
          name,
          accountId,
          rules: unsold(tldOf(name), reason),
          reason: `not sold yet: ${reason}`,
        });
        next.push(name);
      } else if (r instanceof Error) {
        lastProblem.set(name, `could not read the rules of .${tldOf(name)}: ${r.message}`);
        notSold.delete(name);
        next.push(name);
      } else if (r && !r.sellable) {
        const reason = `not sold yet: ${r.reason ?? `${registrar.id} does not sell .${r.tld} here`}`;
        notSold.set(name, { ...a, name, accountId, rules: r, available: false, reason });
        next.push(name);
      } else {
        const value = { ...a, name, accountId, rules: r ?? null };
        out.set(name, value);
        cache.set(`${workspaceId}|${name}`, { at: Date.now(), value });
      }
    }
    todo = next;
  }
  for (const name of todo) {
    const refused = notSold.get(name);
    if (refused) {
      out.set(name, refused);
      continue;
    }
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
      rules: null,
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

/**
 * The registrar's rules for the TLDs of `names`, one call for all of them (cached per account
 * unless `fresh`); an error stands for every TLD it was asked about.
 */
async function rulesOf(
  registrar: Registrar,
  accountId: string | null,
  names: string[],
  fresh: boolean,
): Promise<Map<string, TldRules | Error>> {
  const out = new Map<string, TldRules | Error>();
  const now = Date.now();
  const key = (tld: string) => `${registrar.id}|${accountId ?? "platform"}|${tld}`;
  const ask: string[] = [];
  for (const tld of new Set(names.map(tldOf))) {
    const hit = fresh ? undefined : rulesCache.get(key(tld));
    if (hit && now - hit.at < RULES_TTL_MS) out.set(tld, hit.value);
    else ask.push(tld);
  }
  if (ask.length === 0) return out;
  try {
    const answered = new Map((await registrar.tldRules(ask)).map((r) => [r.tld.toLowerCase(), r]));
    for (const tld of ask) {
      const r = answered.get(tld);
      if (!r) {
        out.set(tld, new Error(`${registrar.id} said nothing about .${tld}`));
        continue;
      }
      out.set(tld, r);
      rulesCache.set(key(tld), { at: Date.now(), value: r });
    }
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    for (const tld of ask) out.set(tld, e);
  }
  return out;
}

/** the rules of a TLD every registrar refused: never offered, and said why */
const unsold = (tld: string, reason: string): TldRules => ({
  tld,
  sellable: false,
  reason,
  minYears: 1,
  maxYears: 1,
  extensionFields: [],
  contactRoles: ["registrant"],
});

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
  if (cache.size >= 5000) for (const [k, v] of cache) if (now - v.at >= CACHE_TTL_MS) cache.delete(k);
  if (rulesCache.size >= 5000)
    for (const [k, v] of rulesCache) if (now - v.at >= RULES_TTL_MS) rulesCache.delete(k);
}
