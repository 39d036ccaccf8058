/** Template variables the picker offers; custom fields come from the workspace's leads. */
export const leadVariables = [
  { name: "firstName", label: "First name" },
  { name: "lastName", label: "Last name" },
  { name: "company", label: "Company" },
  { name: "title", label: "Job title" },
  { name: "email", label: "Email" },
  { name: "website", label: "Website" },
  { name: "phone", label: "Phone" },
] as const;

export const token = (name: string, fallback?: string) =>
  fallback === undefined ? `{{${name}}}` : `{{${name} | "${fallback}"}}`;

/** Where the picker inserts: the field of a variant that had the focus last. */
export type TemplateField = "subject" | "bodyHtml" | "bodyText";

/** `value` with `text` put in place of the selection [start, end). */
export function insertAt(value: string, text: string, start: number | null, end: number | null) {
  const from = start ?? value.length;
  const to = end ?? from;
  return { value: value.slice(0, from) + text + value.slice(to), caret: from + text.length };
}
