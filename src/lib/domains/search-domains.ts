import { and, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { cartItems } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import type { ExtensionField } from "@/lib/registrars/types";
import { checkAvailability } from "./check-availability";
import { firstTermQuote } from "./first-term-quote";
import { displayName, joinName, normalizeTld, parseDomainInput } from "./names";
import { searchTlds } from "./search-tlds";

export const MAX_SEARCH_NAMES = 50;
export const MAX_SEARCH_TLDS = 30;

/** prefixes and suffixes that make a free variant of a taken brand name (cold-email domains) */
const PREFIXES = ["get", "try", "use", "go", "meet", "with"];
const SUFFIXES = ["hq", "mail", "team", "app", "io", "now"];

/** suggestions are made in the first few TLDs of the set only: they are alternatives, not a grid */
const SUGGESTION_TLDS = 2;

export type SearchResult = {
  name: string;
  displayName: string;
  label: string;
  tld: string;
  available: boolean;
  premium: boolean;
  /** false: the registrar does not sell the TLD yet (`reason` says why); never "add to cart" */
  sellable: boolean;
  /** the TLD's minimum term, in years: what the first purchase buys (.ai: 2) */
  minYears: number;
  /** the customer's price for the first term (minYears × the yearly price with markup), null when unknown */
  priceCents: number | null;
  /** the customer's price of one renewal year (with markup), null when unknown */
  renewalCents: number | null;
  /** extra registrant details the TLD requires; the cart asks for them */
  extensionFields: ExtensionField[];
  currency: string;
  registrar: string;
  reason: string | null;
  suggestion: boolean;
  inCart: boolean;
};

/**
 * Bulk search: every name (a bare label, or a full name) × the TLD set, plus suggested variants when
 * asked. Bad inputs get a message each and do not stop the others.
 */
export async function searchDomains(
  db: DbOrTx,
  workspaceId: string,
  input: { names: string[]; tlds?: string[]; suggestions?: boolean },
): Promise<{ results: SearchResult[]; errors: { input: string; message: string }[]; tlds: string[] }> {
  const tlds = input.tlds?.length ? parseTlds(input.tlds) : searchTlds();
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
    const minYears = a.rules?.minYears ?? 1;
    const quote =
      a.registrationCents === null
        ? null
        : firstTermQuote(
            { registrationCents: a.registrationCents, renewalCents: a.renewalCents },
            { minYears },
          );
    const sellable = a.rules?.sellable ?? true;
    return {
      name,
      displayName: displayName(name),
      label: w.label,
      tld: w.tld,
      available: a.available && !a.premium && sellable,
      premium: a.premium,
      sellable,
      minYears: quote?.years ?? minYears,
      priceCents: quote?.priceCents ?? null,
      renewalCents: quote?.renewalPriceCents ?? null,
      extensionFields: a.rules?.extensionFields ?? [],
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
