import type { Lead } from "@/lib/db/schema";

/**
 * Email templates: `{{firstName}}`, `{{firstName | "there"}}` (fallback when empty),
 * `{{company}}`, any custom field by its CSV header (`{{industry}}` or `{{custom.industry}}`),
 * and spintax `{Hi|Hello|Hey}`. Spintax choices are seeded, so a lead sees the same text in the
 * preview and in the sent email. In HTML bodies substituted values are escaped; in headers
 * (subject) CR/LF are removed so a lead field cannot add a header.
 */

const VARIABLE = /\{\{\s*([\w.][\w. -]*?)\s*(?:\|\s*(?:"([^"]*)"|'([^']*)'))?\s*\}\}/g;
// substituted values wait behind a private-use marker while spintax is resolved
const MARK = "\uE000";
const MARKED = new RegExp(`${MARK}(\\d+)${MARK}`, "g");
const SPINTAX = /\{([^{}]*\|[^{}]*)\}/g;

/** Filled by the sender for every email, never from the lead. */
export const systemVariables = ["unsubscribeUrl"] as const;

export const standardFields = [
  "email",
  "firstName",
  "lastName",
  "company",
  "title",
  "phone",
  "website",
] as const;

export type TemplateLead = Pick<Lead, (typeof standardFields)[number] | "customFields">;
export type RenderMode = "html" | "text" | "header";

export function lookupVariable(lead: TemplateLead, name: string): string | undefined {
  const key = name.startsWith("custom.") ? name.slice(7) : name;
  if (!name.startsWith("custom.") && (standardFields as readonly string[]).includes(key)) {
    const v = lead[key as (typeof standardFields)[number]];
    return v ?? undefined;
  }
  const custom = lead.customFields ?? {};
  if (key in custom) return custom[key];
  // custom fields match case-insensitively, since CSV headers are typed by people
  const found = Object.keys(custom).find((k) => k.toLowerCase() === key.toLowerCase());
  return found ? custom[found] : undefined;
}

export function render(
  template: string,
  lead: TemplateLead,
  opts: { mode: RenderMode; seed: string },
): string {
  const rng = seededRandom(opts.seed);
  // variables first, so a value containing "{a|b}" is never spun
  const placeholders: string[] = [];
  let out = template.replace(VARIABLE, (_m, name: string, dq?: string, sq?: string) => {
    const value = lookupVariable(lead, name)?.trim();
    const text = value ? value : (dq ?? sq ?? "");
    placeholders.push(encode(text, opts.mode));
    return `${MARK}${placeholders.length - 1}${MARK}`;
  });
  // innermost spintax first, so nesting {a|{b|c}} works
  for (let guard = 0; guard < 20 && SPINTAX.test(out); guard++) {
    out = out.replace(SPINTAX, (_m, body: string) => {
      const options = body.split("|");
      return options[Math.floor(rng() * options.length)] ?? "";
    });
  }
  out = out.replace(MARKED, (_m, i: string) => placeholders[Number(i)] ?? "");
  return opts.mode === "header" ? out.replace(/[\r\n]+/g, " ").trim() : out;
}

function encode(value: string, mode: RenderMode): string {
  if (mode === "html") {
    return value
      .replaceAll("&", "&amp;")
      .replaceAll("<", "&lt;")
      .replaceAll(">", "&gt;")
      .replaceAll('"', "&quot;")
      .replaceAll("'", "&#39;");
  }
  if (mode === "header") return value.replace(/[\r\n]+/g, " ");
  return value;
}

/** Variables used without a fallback: each must have a value for every lead. */
export function requiredVariables(template: string): string[] {
  const names = new Set<string>();
  for (const m of template.matchAll(VARIABLE)) {
    const name = m[1]!;
    if (m[2] === undefined && m[3] === undefined && !(systemVariables as readonly string[]).includes(name)) {
      names.add(name);
    }
  }
  return [...names];
}

/** Mulberry32 seeded by a string hash: deterministic choices per lead and step. */
export function seededRandom(seed: string): () => number {
  let h = 1779033703 ^ seed.length;
  for (let i = 0; i < seed.length; i++) {
    h = Math.imul(h ^ seed.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Plain text from an HTML body, for the text/plain part and plain-text-only campaigns. */
export function htmlToText(html: string): string {
  return (
    html
      // what a browser never shows: comments, and the content of script, style, head, template
      // and the like (an unclosed one hides everything after it, as in a browser)
      .replace(/<!--[\s\S]*?(-->|$)/g, "")
      .replace(/<(script|style|head|title|template|iframe|object|svg)\b[\s\S]*?(<\/\1\s*>|$)/gi, "")
      .replace(
        /<(br|\/(p|div|li|h\d|tr|header|footer|section|article|blockquote|ul|ol|table))\s*\/?>/gi,
        "\n",
      )
      .replace(/<a\s[^>]*href="([^"]+)"[^>]*>(.*?)<\/a>/gi, (_m, href: string, text: string) =>
        text.replace(/<[^>]+>/g, "") === href ? href : `${text.replace(/<[^>]+>/g, "")} (${href})`,
      )
      .replace(/<[^>]+>/g, "")
      .replace(/&nbsp;/g, " ")
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, "&")
      .replace(/\n{3,}/g, "\n\n")
      .trim()
  );
}
