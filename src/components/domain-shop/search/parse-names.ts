export const MAX_NAMES = 50;

/** Names as pasted: one per line, or separated by commas, semicolons or spaces; blanks and repeats dropped. */
export function parseNames(text: string): string[] {
  const seen = new Set<string>();
  for (const part of text.split(/[\s,;]+/)) {
    const name = part.trim();
    if (name) seen.add(name);
  }
  return [...seen];
}
