/** The header block of a raw message (up to the first blank line), enough to parse its headers. */
export function headerBlock(raw: Buffer): Buffer {
  const end = raw.indexOf("\r\n\r\n");
  const lf = raw.indexOf("\n\n");
  const cut = [end >= 0 ? end + 4 : -1, lf >= 0 ? lf + 2 : -1].filter((i) => i >= 0);
  return cut.length ? raw.subarray(0, Math.min(...cut)) : raw;
}
