import { z } from "zod";
import type { ExtensionField } from "@/lib/registrars/types";

/** longest value any field takes: registries' own limits are far below it */
const MAX_VALUE = 200;

/**
 * The zod schema of a TLD's extra registrant fields, built from the registrar's own description of
 * them: only their keys, a choice among the options when it lists options, its pattern when it
 * gives one. A required field may be left out while the customer fills the form in (the cart then
 * says "needs details", and checkout refuses it: `missingExtensionFields`), but never given empty.
 */
export function extensionValuesSchema(fields: ExtensionField[]) {
  const shape: Record<string, z.ZodType<string | undefined>> = {};
  for (const f of fields) {
    let value: z.ZodType<string>;
    if (f.options?.length) {
      const allowed = f.options.map((o) => o.value);
      value = z
        .string()
        .refine((v) => allowed.includes(v), `choose one of: ${f.options.map((o) => o.label).join(", ")}`);
    } else {
      let s = z.string().trim().min(1, `${f.label} cannot be empty`).max(MAX_VALUE);
      const pattern = safeRegExp(f.pattern);
      if (pattern) s = s.regex(pattern, `${f.label} is not in the form the registry asks for`);
      value = s;
    }
    shape[f.key] = value.optional();
  }
  return z.strictObject(shape);
}

/** The required fields without a value: checkout refuses the cart while any is left. */
export function missingExtensionFields(
  fields: ExtensionField[],
  values: Record<string, string> | null | undefined,
): ExtensionField[] {
  return fields.filter((f) => f.required && !values?.[f.key]?.trim());
}

/**
 * A registrar's pattern, anchored as registries mean them; one that does not compile is ignored
 * rather than making the field impossible to fill in (the registrar still checks at purchase).
 */
function safeRegExp(pattern: string | undefined): RegExp | null {
  if (!pattern) return null;
  try {
    return new RegExp(`^(?:${pattern.replace(/^\^/, "").replace(/\$$/, "")})$`);
  } catch {
    return null;
  }
}
