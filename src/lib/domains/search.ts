import { and, eq, inArray } from "drizzle-orm";
import { env } from "@/lib/config/env";
import type { DbOrTx } from "@/lib/db/client";
import { cartItems } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { searchRegistrars } from "@/lib/registrars";
import { rdapRegistrar } from "@/lib/registrars/rdap";
import { type Availability, type Registrar, RegistrarError } from "@/lib/registrars/types";
import { displayName, joinName, normalizeTld, parseDomainInput, tldOf } from "./names";

export const MAX_SEARCH_NAMES = 50;
export const MAX_SEARCH_TLDS = 30;
/** prefixes and suffixes that make a free variant of a taken brand name (cold-email domains) */
const PREFIXES = ["get", "try", "use", "go", "meet", "with"];
const SUFFIXES = ["hq", "mail", "team", "app", "io", "now"];
/** suggestions are made in the first few TLDs of the set only: they are alternatives, not a grid */
const SUGGESTION_TLDS = 2;
/** availability calls in flight at once, across registrars */
const CONCURRENCY = 4;
const CACHE_TTL_MS = 60_000;

export type SearchResult = {
  name: string;
  displayName: string;
  label: string;
  tld: string;
  available: boolean;
  premium: boolean;
  /** the customer's price for the first year (registrar cost + markup), null when unknown */
  priceCents: number | null;
  renewalCents: number | null;
  currency: string;
  registrar: string;
  reason: string | null;
  suggestion: boolean;
  inCart: boolean;
};

/** One name's availability with the registrar account that answered it (for buying it there). */
export type Checked = Availability & { accountId: string | null };

export function defaultTlds(): string[] {
  return env()
    .DOMAIN_SEARCH_TLDS.split(",")
    .map((t) => normalizeTld(t))
    .flatMap((r) => (r.ok && r.tld ? [r.tld] : []));
}

/** The platform's price: registrar cost plus DOMAIN_MARKUP_PERCENT, then DOMAIN_MARKUP_CENTS, rounded up. */
export function withMarkup(costCents: number): number {
  const { DOMAIN_MARKUP_PERCENT: pct, DOMAIN_MARKUP_CENTS: fixed } = env();
  return Math.ceil((costCents * (100 + pct)) / 100) + fixed;
}

/**
 * Bulk search: every name (a bare label, or a full name) × the TLD set, plus suggested variants when
 * asked. Bad inputs get a message each and do not stop the others.
 */
export async function searchDomains(
  db: DbOrTx,
  workspaceId: string,
  input: { names: string[]; tlds?: string[]; suggestions?: boolean },
): Promise<{ results: SearchResult[]; errors: { input: string; message: string }[]; tlds: string[] }> {
  const tlds = input.tlds?.length ? parseTlds(input.tlds) : defaultTlds();
  const errors: { input: string; message: string }[] = [];
  const wanted = new Map<string, { label: string; tld: string; suggestion: boolean }>();
  const want = (label: string, tld: string, suggestion: boolean, source: string) => {
    const joined = joinName(label, tld);
    if ("message" in joined) {
      if (!suggestion) errors.push({ input: source, message: `${label}.${tld} ${joined.message}` });
      return;
    }
    const existing = wanted.get(joined.name);
    if (!existing || (existing.suggestion && !suggestion))
      wanted.set(joined.name, { label, tld, suggestion });
  };

  const labels = new Set<string>();
  for (const raw of input.names) {
    const parsed = parseDomainInput(raw);
    if (!parsed.ok) {
      errors.push({ input: raw, message: `"${raw.trim()}" ${parsed.message}` });
      continue;
    }
    const { label, tld } = parsed.value;
    if (tld) want(label, tld, false, raw);
    else for (const t of tlds) want(label, t, false, raw);
    labels.add(label);
  }
  if (input.suggestions) {
    for (const label of labels) {
      for (const variant of variantsOf(label)) {
        for (const t of tlds.slice(0, SUGGESTION_TLDS)) want(variant, t, true, label);
      }
    }
  }

  const names = [...wanted.keys()];
  const checked = await checkAvailability(db, workspaceId, names);
  const inCart = await cartNames(db, workspaceId, names);
  const results = names.map((name) => {
    const w = wanted.get(name)!;
    const a = checked.get(name)!;
    return {
      name,
      displayName: displayName(name),
      label: w.label,
      tld: w.tld,
      available: a.available && !a.premium,
      premium: a.premium,
      priceCents: a.registrationCents === null ? null : withMarkup(a.registrationCents),
      renewalCents: a.renewalCents === null ? null : withMarkup(a.renewalCents),
      currency: a.currency.toLowerCase(),
      registrar: a.registrar,
      reason: a.reason,
      suggestion: w.suggestion,
      inCart: inCart.has(name),
    } satisfies SearchResult;
  });
  return { results, errors, tlds };
}

function parseTlds(input: string[]): string[] {
  if (input.length > MAX_SEARCH_TLDS)
    throw new AppError("validation", `at most ${MAX_SEARCH_TLDS} TLDs per search`, {
      fields: { tlds: [`at most ${MAX_SEARCH_TLDS}`] },
    });
  const out = new Set<string>();
  const problems: string[] = [];
  for (const t of input) {
    const r = normalizeTld(t);
    if (r.ok && r.tld) out.add(r.tld);
    else if (!r.ok) problems.push(r.message);
  }
  if (problems.length) throw new AppError("validation", problems.join("; "), { fields: { tlds: problems } });
  return [...out];
}

function variantsOf(label: string): string[] {
  if (label.startsWith("xn--")) return []; // prefixing punycode does not make a readable name
  const out = [...PREFIXES.map((p) => `${p}${label}`), ...SUFFIXES.map((s) => `${label}${s}`)];
  return out.filter((v) => v.length <= 63);
}

async function cartNames(db: DbOrTx, workspaceId: string, names: string[]): Promise<Set<string>> {
  if (names.length === 0) return new Set();
  const rows = await db
    .select({ name: cartItems.name })
    .from(cartItems)
    .where(and(eq(cartItems.workspaceId, workspaceId), inArray(cartItems.name, names)));
  return new Set(rows.map((r) => r.name));
}

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
