import type { ContactRole, ExtensionField, TldRules } from "./types";

/**
 * Reads a TLD's rules from Cloudflare's extension registration schema
 * (`GET /accounts/{id}/registrar/extensions/{extension}` → `registration_schema`, a JSON Schema of
 * the `POST /registrations` body): the term (`properties.years` minimum/maximum), the registry's
 * contact extensions (`properties.contact_extensions`: its properties, which are required, their
 * enum or oneOf-const options and patterns) and the contact roles (`properties.contacts`: the roles
 * it lists are the ones accepted; Cloudflare derives the others from the registrant).
 *
 * Anything the schema leaves out falls back to what the SDK documents: 1 to 10 years, registrant
 * only, no extensions.
 */
export function tldRulesFromSchema(tld: string, schema: unknown): TldRules {
  const root = asObject(schema);
  const props = asObject(root?.properties);
  const years = asObject(props?.years);
  const minYears = intOr(years?.minimum, 1);
  const maxYears = Math.max(minYears, intOr(years?.maximum, 10));

  const contacts = resolve(root, props?.contacts);
  const roleProps = asObject(contacts?.properties);
  const roles = ROLES.filter((r) => r === "registrant" || (roleProps && r in roleProps));

  const ext = resolve(root, props?.contact_extensions);
  const extProps = asObject(ext?.properties) ?? {};
  const required = new Set(stringsOf(ext?.required));
  const extensionFields: ExtensionField[] = Object.entries(extProps).map(([key, raw]) => {
    const p = resolve(root, raw) ?? {};
    const options = optionsOf(p);
    return {
      key,
      label: typeof p.title === "string" && p.title ? p.title : key,
      required: required.has(key),
      ...(options.length ? { options } : {}),
      ...(typeof p.pattern === "string" ? { pattern: p.pattern } : {}),
      ...(typeof p.description === "string" && p.description ? { help: p.description } : {}),
    };
  });

  return { tld, sellable: true, reason: null, minYears, maxYears, extensionFields, contactRoles: roles };
}

/**
 * Why a registration request breaks the TLD's rules, or null: the term, required and unknown
 * contact extensions, values outside the options or pattern. Checked before a non-refundable call.
 */
export function ruleViolation(
  rules: TldRules,
  years: number,
  extensions: Record<string, string> | undefined,
): string | null {
  if (!Number.isInteger(years) || years < rules.minYears || years > rules.maxYears) {
    return rules.minYears === rules.maxYears
      ? `.${rules.tld} is registered for exactly ${rules.minYears} year(s), not ${years}`
      : `.${rules.tld} is registered for ${rules.minYears} to ${rules.maxYears} years, not ${years}`;
  }
  const given = extensions ?? {};
  for (const f of rules.extensionFields) {
    const v = given[f.key];
    if (v === undefined || v === "") {
      if (f.required) return `.${rules.tld} needs "${f.label}" (${f.key})`;
      continue;
    }
    if (f.options && !f.options.some((o) => o.value === v)) {
      return `"${f.label}" must be one of ${f.options.map((o) => o.value).join(", ")}`;
    }
    if (f.pattern && !new RegExp(f.pattern).test(v)) return `"${f.label}" has the wrong format`;
  }
  return null;
}

const ROLES: ContactRole[] = ["registrant", "administrator", "technical", "billing"];

type Obj = Record<string, unknown>;

function asObject(v: unknown): Obj | null {
  return v && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : null;
}

/** follows a local `$ref` (`#/$defs/x`, `#/definitions/x`) once */
function resolve(root: Obj | null, v: unknown): Obj | null {
  const o = asObject(v);
  const ref = o?.$ref;
  if (typeof ref !== "string" || !ref.startsWith("#/")) return o;
  let at: unknown = root;
  for (const part of ref.slice(2).split("/")) at = asObject(at)?.[part];
  return asObject(at);
}

function intOr(v: unknown, fallback: number): number {
  return typeof v === "number" && Number.isInteger(v) && v > 0 ? v : fallback;
}

function stringsOf(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}

/** `enum: [...]` or `oneOf: [{ const, title }]` (JSON Schema's way to label enum values) */
function optionsOf(p: Obj): { value: string; label: string }[] {
  const labelled = [...(Array.isArray(p.oneOf) ? p.oneOf : []), ...(Array.isArray(p.anyOf) ? p.anyOf : [])]
    .map(asObject)
    .filter((o): o is Obj => o !== null && typeof o.const === "string");
  if (labelled.length) {
    return labelled.map((o) => ({
      value: o.const as string,
      label: typeof o.title === "string" ? o.title : (o.const as string),
    }));
  }
  return stringsOf(p.enum).map((v) => ({ value: v, label: v }));
}
