import { domainToASCII, domainToUnicode } from "node:url";

/**
 * Domain names as users type them: a bare label ("acme") or a full name ("acme.io"), in any case,
 * with or without a scheme or trailing dot, in Unicode (IDN) or punycode. Everything stored and sent
 * to registrars is lower-case punycode; Unicode is for display only.
 */
export type ParsedInput = {
  /** the first label, punycode */
  label: string;
  /** null for a bare label: the search tries each TLD of the set */
  tld: string | null;
  /** label.tld in punycode, null for a bare label */
  name: string | null;
};

export type ParseResult = { ok: true; value: ParsedInput } | { ok: false; message: string };

const MAX_LABEL = 63;
const MAX_NAME = 253;
/** second-level registries under country codes (co.uk, com.au, ...): the label sits below them */
const SECOND_LEVEL = /^(co|com|net|org|gov|edu|ac|ltd|plc|me|gen|biz|info|nom|or|ne|go)$/;

/** Parse one search input. Never throws: a bad input gets a message saying what is wrong with it. */
export function parseDomainInput(input: string): ParseResult {
  let raw = input.trim().toLowerCase();
  if (raw === "") return fail("is empty");
  raw = raw.replace(/^[a-z][a-z0-9+.-]*:\/\//, "").replace(/^www\./, "");
  raw = raw.replace(/\/+$/, "").replace(/\.$/, "");
  if (/[\s/:@?#]/.test(raw)) return fail("contains spaces or URL characters; enter a name such as acme.com");
  if (raw.startsWith(".") || raw.includes("..")) return fail("has an empty label (two dots in a row)");

  const parts = raw.split(".");
  if (parts.length > 3 || (parts.length === 3 && !isSecondLevelSuffix(parts[1]!, parts[2]!))) {
    return fail("looks like a subdomain; enter the domain to register, such as acme.com");
  }
  const asciiParts: string[] = [];
  for (const part of parts) {
    const ascii = toAsciiLabel(part);
    if (!ascii.ok) return ascii;
    asciiParts.push(ascii.value);
  }
  const [label, ...tldParts] = asciiParts as [string, ...string[]];
  const labelProblem = checkLabel(label);
  if (labelProblem) return fail(labelProblem);
  if (tldParts.length === 0) return { ok: true, value: { label, tld: null, name: null } };

  const tld = tldParts.join(".");
  const tldProblem = checkTld(tld);
  if (tldProblem) return fail(tldProblem);
  const name = `${label}.${tld}`;
  if (name.length > MAX_NAME)
    return fail(`is ${name.length} characters long; a domain has at most ${MAX_NAME}`);
  return { ok: true, value: { label, tld, name } };
}

/** Check a TLD (as configured or requested): "com", ".io", "co.uk", an IDN TLD. */
export function normalizeTld(tld: string): ParseResult & { tld?: string } {
  const raw = tld.trim().toLowerCase().replace(/^\./, "");
  const parts = raw.split(".");
  const ascii: string[] = [];
  for (const part of parts) {
    const a = toAsciiLabel(part);
    if (!a.ok) return { ok: false, message: `TLD "${tld}" ${a.message}` };
    ascii.push(a.value);
  }
  const joined = ascii.join(".");
  const problem = checkTld(joined);
  if (problem) return { ok: false, message: `TLD "${tld}": ${problem}` };
  return { ok: true, value: { label: "", tld: joined, name: null }, tld: joined };
}

/** label + tld, checked; null with the reason when the combination is too long. */
export function joinName(label: string, tld: string): { name: string } | { message: string } {
  const name = `${label}.${tld}`;
  if (name.length > MAX_NAME) return { message: `is ${name.length} characters long; at most ${MAX_NAME}` };
  return { name };
}

/** The Unicode form for display (xn--mnchen-3ya.de → münchen.de). */
export function displayName(name: string): string {
  return domainToUnicode(name) || name;
}

/** The registrable TLD part of a stored (punycode) name: "acme.co.uk" → "co.uk". */
export function tldOf(name: string): string {
  return name.slice(name.indexOf(".") + 1);
}

function isSecondLevelSuffix(second: string, top: string): boolean {
  return top.length === 2 && SECOND_LEVEL.test(second);
}

function toAsciiLabel(part: string): { ok: true; value: string } | { ok: false; message: string } {
  if (part === "") return fail("has an empty label");
  if (/^[a-z0-9-]+$/.test(part)) {
    // Node answers invalid punycode unchanged (older versions: empty)
    if (part.startsWith("xn--") && [part, ""].includes(domainToUnicode(part)))
      return fail(`has "${part}", which is not valid punycode`);
    return { ok: true, value: part };
  }
  const bad = part.match(/[^\p{L}\p{M}\p{N}-]/u)?.[0];
  if (bad) return fail(`contains "${bad}": only letters, digits and hyphens are allowed`);
  const ascii = domainToASCII(part);
  if (!ascii || ascii.includes(".")) return fail(`has "${part}", which is not a valid international name`);
  return { ok: true, value: ascii };
}

function checkLabel(label: string): string | null {
  if (label.length > MAX_LABEL)
    return `has a label of ${label.length} characters; at most ${MAX_LABEL} are allowed`;
  if (label.startsWith("-") || label.endsWith("-")) return "starts or ends with a hyphen";
  if (label.slice(2, 4) === "--" && !label.startsWith("xn--"))
    return "has hyphens in the 3rd and 4th positions, reserved for international names";
  return null;
}

function checkTld(tld: string): string | null {
  for (const part of tld.split(".")) {
    if (part.length < 2) return "the TLD is too short";
    if (part.length > MAX_LABEL) return "the TLD is too long";
    if (!part.startsWith("xn--") && !/^[a-z]+$/.test(part)) return "the TLD may contain letters only";
  }
  return null;
}

function fail(message: string): { ok: false; message: string } {
  return { ok: false, message };
}
