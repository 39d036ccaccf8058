/** Characters PostgreSQL's COPY text format gives a meaning: escaped so a value stays one field. */
const special = /[\\\t\n\r]/;
const escapes: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };

/**
 * One line of COPY … FROM STDIN in text format: fields joined by tabs, null as `\N`. Values must
 * hold no NUL (PostgreSQL text cannot store one; validateRow refuses such rows). Built with join,
 * which makes one flat string: a chain of `+=` would keep every part alive until it is sent.
 */
export function copyTextRow(values: (string | number | null | undefined)[]): string {
  const fields = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) fields[i] = "\\N";
    else if (typeof v === "number") fields[i] = String(v);
    else fields[i] = special.test(v) ? v.replace(/[\\\t\n\r]/g, (c) => escapes[c]!) : v;
  }
  return `${fields.join("\t")}\n`;
}
