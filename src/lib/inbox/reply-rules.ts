import type { ReplyIntent } from "@/lib/db/schema";

const words = (patterns: string[]) =>
  new RegExp(`(?<![\\p{L}\\p{N}])(?:${patterns.join("|")})(?![\\p{L}\\p{N}])`, "iu");

const UNSUBSCRIBE = words([
  "unsubscribe",
  "opt[- ]?out",
  "remove me",
  "remove us",
  "remove my (?:e-?mail|address|name)",
  "take me off",
  "take us off",
  "stop (?:e-?mailing|emailing|contacting|writing|sending)",
  "don'?t (?:e-?mail|contact|write to) (?:me|us)",
  "do not (?:e-?mail|contact|write to) (?:me|us)",
  "no more (?:e-?mails|emails|messages)",
  // German, French, Spanish, Portuguese, Dutch, Italian
  "abmelden",
  "abbestellen",
  "austragen",
  "keine (?:weiteren )?e-?mails",
  "désinscri(?:re|vez|ption)",
  "desinscri(?:re|vez|ption)",
  "désabonne(?:r|z)",
  "retirez[- ]moi",
  "dar(?:me|nos|se)? de baja",
  "dejen de escribir",
  "descadastr(?:ar|e)",
  "cancelar (?:a )?inscrição",
  "remova[- ]me",
  "uitschrijven",
  "afmelden",
  "verwijder mij",
  "cancellami",
  "cancellatemi",
  "disiscriv(?:i|ere|etemi)",
  "rimuovetemi",
]);

const INTENT_RULES: [Exclude<ReplyIntent, "other">, RegExp][] = [
  [
    "wrong_person",
    words([
      "wrong (?:person|contact|guy|email)",
      "not the (?:right|correct|best) (?:person|contact)",
      "no longer (?:works?|with|at)",
      "(?:has|have) left (?:the company|us)",
      "isn'?t (?:with|at) (?:us|the company)",
      "(?:reach out|talk|speak|write|get in touch) (?:to|with) \\S+ (?:\\S+ )?instead",
      "you (?:should|may want to|might want to) (?:reach out|talk|speak|contact)",
      "please (?:reach out|contact|talk|speak) (?:to|with)",
      "the right person (?:is|would be)",
      "not my (?:area|department|responsibility)",
    ]),
  ],
  [
    "not_interested",
    words([
      "not interested",
      "no interest",
      "no,? thanks?",
      "no,? thank you",
      "not a (?:good )?fit",
      "(?:we're|we are|i'm|i am) all set",
      "not (?:looking|right now|at this time|for us)",
      "don'?t need",
      "do not need",
      "pass(?:ing)? on this",
      "kein interesse",
      "pas intéressé",
      "no (?:me |nos )?interesa",
      "não (?:tenho|temos) interesse",
      "geen interesse",
      "non (?:sono |siamo )?interessat[oi]",
    ]),
  ],
  [
    "meeting_request",
    words([
      "let'?s (?:talk|chat|call|meet|connect|set up|schedule|hop on)",
      "(?:book|find|grab|pick|set up|schedule) (?:a )?(?:time|call|meeting|slot|demo)",
      "calendly",
      "schedul(?:e|ing)",
      "(?:send|shoot) (?:me |us )?(?:an? )?(?:invite|calendar)",
      "available (?:on|next|this|tomorrow|monday|tuesday|wednesday|thursday|friday)",
      "(?:am|i'm|are|we're) (?:free|available)",
      "how about (?:monday|tuesday|wednesday|thursday|friday|tomorrow|next week)",
      "(?:a )?(?:quick )?call (?:next|this|on|tomorrow)",
      "termin",
      "rendez-vous",
      "reunión",
      "reunião",
      "afspraak",
      "appuntamento",
    ]),
  ],
  [
    "interested",
    words([
      "interested",
      "interesting",
      "tell me more",
      "(?:send|share) (?:me |us )?(?:some |more )?(?:info|information|details|a deck)",
      "more (?:info|information|details)",
      "sounds (?:good|great|interesting)",
      "pricing",
      "how much",
      "what (?:does it|would it) cost",
      "interessiert",
      "intéressé",
      "interesado",
      "interessado",
      "geïnteresseerd",
      "interessato",
    ]),
  ],
];

/** Unsubscribe requests are short; a long email that mentions the word is something else. */
const UNSUBSCRIBE_MAX_CHARS = 300;

/** A request to be left alone, in the reply's own text (call with stripQuoted's output). */
export function isUnsubscribeRequest(newText: string): boolean {
  return newText.length <= UNSUBSCRIBE_MAX_CHARS && UNSUBSCRIBE.test(newText);
}

/**
 * A human reply's intent by rules, first match wins: a wrong person or a no outrank a meeting,
 * a meeting outranks plain interest ("not interested" contains "interested").
 */
export function replyIntent(newText: string): ReplyIntent {
  for (const [intent, pattern] of INTENT_RULES) if (pattern.test(newText)) return intent;
  return "other";
}
