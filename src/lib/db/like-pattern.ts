/** A LIKE pattern matching `text` anywhere: `%` and `_` typed by a person are literal characters, not wildcards. */
export const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
