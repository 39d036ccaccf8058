/**
 * Parse RFC 822-style fields ("Name: value", continuation lines indented) into a lower-case map,
 * first occurrence winning. Used for the fields of a DSN and for a returned original's headers,
 * which mailparser hands over as plain text. Stops at the first blank line.
 */
export function parseHeaderBlock(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  let current: string | null = null;
  for (const line of text.replace(/\r\n?/g, "\n").split("\n")) {
    if (line.trim() === "") {
      if (current !== null || Object.keys(fields).length) break;
      continue; // leading blank lines
    }
    if (/^[ \t]/.test(line) && current) {
      fields[current] = `${fields[current]} ${line.trim()}`;
      continue;
    }
    const m = /^([!-9;-~]+):[ \t]*(.*)$/.exec(line);
    if (!m) {
      current = null;
      continue;
    }
    const [, rawName = "", value = ""] = m;
    const name = rawName.toLowerCase();
    if (name in fields) {
      current = null; // keep the first; skip this one's continuation lines
      continue;
    }
    fields[name] = value.trim();
    current = name;
  }
  return fields;
}

/** Split a text into its blank-line separated blocks of fields (a DSN: the per-message block, then one per recipient). */
export function parseHeaderBlocks(text: string): Record<string, string>[] {
  return text
    .replace(/\r\n?/g, "\n")
    .split(/\n[ \t]*\n/)
    .map((block) => parseHeaderBlock(block))
    .filter((fields) => Object.keys(fields).length > 0);
}
