import { stripQuoted } from "./strip-quoted";

const EMAIL = /[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/gi;

/**
 * The address a "wrong person" reply points to ("please write to dana@acme.com instead"): the
 * first address in the reply's own words (quoted text and signatures' mailto of the sender left
 * out), other than the people already in the conversation. Null when it names none.
 */
export function referralOf(text: string, inConversation: (string | null | undefined)[]): string | null {
  const known = new Set(inConversation.filter(Boolean).map((e) => e!.toLowerCase()));
  for (const match of stripQuoted(text).matchAll(EMAIL)) {
    const email = match[0].toLowerCase().replace(/\.$/, "");
    if (!known.has(email)) return email;
  }
  return null;
}
