import { AppError } from "@/lib/errors";

/** The lead columns a CSV column can fill; anything else is kept as a custom field. */
export const leadFields = ["email", "firstName", "lastName", "company", "title", "phone", "website"] as const;
export type LeadField = (typeof leadFields)[number];

/** CSV header → a lead field, `custom:<name>` (kept under that name), or `ignore`. */
export type ColumnMapping = Record<string, string>;

// Header spellings seen in exports from CRMs, LinkedIn tools and spreadsheets, compared with
// case, spaces and punctuation removed ("E-mail Address" → "emailaddress").
const synonyms: Record<LeadField, string[]> = {
  email: ["email", "emailaddress", "mail", "workemail", "businessemail", "emailid", "primaryemail"],
  firstName: ["firstname", "first", "givenname", "fname", "forename"],
  lastName: ["lastname", "last", "surname", "familyname", "lname"],
  company: [
    "company",
    "companyname",
    "organization",
    "organisation",
    "organizationname",
    "account",
    "employer",
  ],
  title: ["title", "jobtitle", "position", "role", "jobrole"],
  phone: ["phone", "phonenumber", "mobile", "mobilephone", "telephone", "tel", "workphone"],
  website: ["website", "url", "domain", "site", "web", "companywebsite", "companydomain", "websiteurl"],
};
const bySpelling = new Map(
  Object.entries(synonyms).flatMap(([field, names]) => names.map((n) => [n, field as LeadField])),
);

const squash = (header: string) => header.toLowerCase().replace(/[^a-z0-9]/g, "");

/**
 * Header names as mapping keys: trimmed, blanks named by position, repeats numbered, so every
 * column has its own key (a file with two "Email" columns maps both).
 */
export function uniqueHeaders(raw: string[]): string[] {
  const seen = new Map<string, number>();
  return raw.map((h, i) => {
    const name = h.trim() || `Column ${i + 1}`;
    const n = (seen.get(name.toLowerCase()) ?? 0) + 1;
    seen.set(name.toLowerCase(), n);
    return n === 1 ? name : `${name} (${n})`;
  });
}

/** The API's limits on a lead's custom fields; an import keeps to the same ones. */
export const MAX_CUSTOM_FIELDS = 100;
export const MAX_CUSTOM_FIELD_NAME = 100;

/** Why a mapping would store more custom fields, or longer names, than a lead may have. */
function customFieldProblems(targets: string[]): string[] {
  const names = targets.filter((t) => t.startsWith("custom:")).map((t) => t.slice(7).trim());
  const problems: string[] = [];
  if (names.length > MAX_CUSTOM_FIELDS)
    problems.push(
      `${names.length} columns would become custom fields, at most ${MAX_CUSTOM_FIELDS} can: map the others to ignore`,
    );
  const long = names.filter((n) => n.length > MAX_CUSTOM_FIELD_NAME || n.length === 0).length;
  if (long > 0)
    problems.push(
      `${long} column name${long === 1 ? " is" : "s are"} empty or longer than ${MAX_CUSTOM_FIELD_NAME} characters: rename or ignore ${long === 1 ? "it" : "them"} (custom field names are 1–${MAX_CUSTOM_FIELD_NAME} characters)`,
    );
  return problems;
}

/** The mapping the importer suggests: known spellings to fields (first column wins), the rest custom. */
export function detectMapping(headers: string[]): ColumnMapping {
  const taken = new Set<string>();
  const mapping: ColumnMapping = {};
  for (const [i, header] of headers.entries()) {
    const field = bySpelling.get(squash(header));
    if (field && !taken.has(field)) {
      taken.add(field);
      mapping[header] = field;
    } else if (/^Column \d+$/.test(header) && header === `Column ${i + 1}`) {
      mapping[header] = "ignore"; // a column without a header is usually a spreadsheet's stray cell
    } else {
      mapping[header] = `custom:${header}`;
    }
  }
  return mapping;
}

const isTarget = (t: string) =>
  t === "ignore" || (leadFields as readonly string[]).includes(t) || /^custom:.{1,100}$/s.test(t);

/**
 * The detected mapping with the person's changes on top, checked: every target valid, each lead
 * field and custom name used once, and one column holding the email. Unknown headers are refused
 * so a typo does not silently drop a column.
 */
export function resolveMapping(headers: string[], overrides: ColumnMapping | undefined): ColumnMapping {
  const mapping = { ...detectMapping(headers) };
  const problems: string[] = [];
  for (const [header, target] of Object.entries(overrides ?? {})) {
    if (!headers.includes(header)) problems.push(`"${header}" is not a column of this file`);
    else if (!isTarget(target))
      problems.push(`"${header}": "${target}" is not a lead field, custom:<name> or ignore`);
    else mapping[header] = target;
  }
  const used = new Map<string, string>();
  for (const header of headers) {
    const target = mapping[header]!;
    if (target === "ignore") continue;
    const key = target.startsWith("custom:") ? target.toLowerCase() : target;
    const other = used.get(key);
    if (other)
      problems.push(`"${header}" and "${other}" both map to ${target}: map one elsewhere or ignore it`);
    used.set(key, header);
  }
  if (!used.has("email"))
    problems.push("no column is mapped to email: choose the column that holds the addresses");
  problems.push(...customFieldProblems(headers.map((h) => mapping[h]!)));
  if (problems.length > 0) throw new AppError("validation", `column mapping: ${problems.join("; ")}`);
  return mapping;
}
