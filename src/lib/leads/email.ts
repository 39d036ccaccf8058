/**
 * Email and domain checks for imports, the API and suppressions. Deliberately practical rather
 * than RFC 5322 complete: what a sending MTA will accept and a person meant to type. Each failure
 * comes with a reason a person can act on.
 */
export type EmailCheck = { ok: true; email: string } | { ok: false; reason: string };

const localPart = /^[a-z0-9!#$%&'*+/=?^_`{|}~.-]+$/;
const label = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const tld = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/** Lower-cases and trims; `mailto:` and `<…>` wrappers are common in exports and are removed. */
export function normalizeEmail(raw: string | null | undefined): EmailCheck {
  let value = (raw ?? "").trim().toLowerCase();
  if (value.startsWith("mailto:")) value = value.slice(7);
  if (value.startsWith("<") && value.endsWith(">")) value = value.slice(1, -1).trim();
  if (value === "") return { ok: false, reason: "missing email" };
  const shown = value.length > 80 ? `${value.slice(0, 80)}…` : value;
  const invalid = (why: string): EmailCheck => ({ ok: false, reason: `invalid email "${shown}": ${why}` });
  if (/\s/.test(value)) return invalid("contains a space");
  const at = value.lastIndexOf("@");
  if (at === -1) return invalid("no @");
  if (value.indexOf("@") !== at) return invalid("more than one @");
  if (value.length > 254) return invalid("longer than 254 characters");
  const local = value.slice(0, at);
  const domain = value.slice(at + 1);
  if (local === "") return invalid("nothing before the @");
  if (local.length > 64) return invalid("the part before the @ is longer than 64 characters");
  if (!localPart.test(local) || local.startsWith(".") || local.endsWith(".") || local.includes(".."))
    return invalid("the part before the @ has characters an address cannot have");
  const domainReason = domainProblem(domain);
  if (domainReason) return invalid(domainReason);
  return { ok: true, email: value };
}

/** Why a domain is not a usable mail domain, or null when it is. */
export function domainProblem(domain: string): string | null {
  if (domain === "") return "no domain after the @";
  if (domain.length > 253) return "the domain is longer than 253 characters";
  const labels = domain.split(".");
  if (labels.length < 2) return `"${domain}" has no top-level domain (like .com)`;
  if (!labels.every((l) => label.test(l))) return `"${domain}" is not a valid domain`;
  if (!tld.test(labels.at(-1)!)) return `"${domain}" does not end in a valid top-level domain`;
  return null;
}

/** The domain of a (normalized) email address. */
export const emailDomain = (email: string) => email.slice(email.lastIndexOf("@") + 1);

/**
 * The domain and each parent domain with at least two labels: `a.b.example.com` →
 * [`a.b.example.com`, `b.example.com`, `example.com`]. A suppressed domain covers its subdomains.
 */
export function domainAndParents(domain: string): string[] {
  const labels = domain.split(".");
  const out: string[] = [];
  for (let i = 0; i <= labels.length - 2; i++) out.push(labels.slice(i).join("."));
  return out;
}
