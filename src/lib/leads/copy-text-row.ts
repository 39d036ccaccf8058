/** Characters PostgreSQL's COPY text format gives a meaning: escaped so a value stays one field. */
const special = /[\\\t\n\r]/;
const escapes: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };

/**
 * One line of COPY … FROM STDIN in text format: fields joined by tabs, null as `\N`. Values must
 * hold no NUL (PostgreSQL text cannot store one; validateRow refuses such rows).
 */
export function copyTextRow(values: (string | number | null | undefined)[]): string {
  let line = "";
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (i > 0) line += "\t";
    if (v === null || v === undefined) line += "\\N";
    else if (typeof v === "number") line += String(v);
    else line += special.test(v) ? v.replace(/[\\\t\n\r]/g, (c) => escapes[c]!) : v;
  }
  return `${line}\n`;
}
