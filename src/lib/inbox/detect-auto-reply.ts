import type { ParsedMessage } from "./parse-message";

/** How the subjects of out-of-office and automatic replies start, in the languages we classify. */
const AUTO_REPLY_SUBJECTS = new RegExp(
  [
    // English
    "out of (the )?office",
    "automatic reply",
    "auto(matic)?[- ]?reply",
    "auto[- ]?response",
    "away from (the )?office",
    "on (annual )?leave",
    "on vacation",
    // German
    "abwesenheitsnotiz",
    "automatische antwort",
    "abwesend",
    "nicht im büro",
    // French
    "réponse automatique",
    "reponse automatique",
    "absence",
    "absent(e)? du bureau",
    // Spanish
    "respuesta automática",
    "respuesta automatica",
    "fuera de la oficina",
    "fuera de oficina",
    // Portuguese
    "resposta automática",
    "resposta automatica",
    "ausente",
    "fora do escritório",
    // Dutch
    "afwezig",
    "automatisch antwoord",
    "niet aanwezig",
    // Italian
    "risposta automatica",
    "fuori ufficio",
    "assente",
  ]
    .join("|")
    // at the start (responders prefix the original subject); JS's \b does not know "á"
    .replace(/^/, "^[\\s[(*]*(?:")
    .concat(")(?![\\p{L}\\p{N}])"),
  "iu",
);

export type AutoReplyKind = "auto_reply" | "bulk" | null;

/**
 * Whether a machine sent the message. RFC 3834: any Auto-Submitted other than "no"; the
 * non-standard X-Autoreply / X-Autorespond; Precedence auto_reply, bulk or junk. Many
 * out-of-office responders (Exchange among them) set none of these, so their subjects count too.
 * Mailing-list mail (List-Id, Precedence: list/bulk on a list) is "bulk": automated, but not an
 * answer to anything we sent.
 */
export function detectAutoReply(msg: ParsedMessage): AutoReplyKind {
  const h = msg.headers;
  const precedence = h.precedence?.trim().toLowerCase() ?? "";
  const autoSubmitted = h["auto-submitted"]?.trim().toLowerCase() ?? "";
  const subjectSaysAuto = AUTO_REPLY_SUBJECTS.test(msg.subject ?? "");

  if (precedence === "auto_reply" || h["x-autoreply"] || h["x-autorespond"]) return "auto_reply";
  if (autoSubmitted && autoSubmitted.split(";")[0] !== "no") {
    // auto-generated mail from a list (digests, notifications) is not a reply
    return h["list-id"] && !subjectSaysAuto ? "bulk" : "auto_reply";
  }
  if (subjectSaysAuto) return "auto_reply";
  if (h["list-id"] || precedence === "list") return "bulk";
  if (precedence === "bulk" || precedence === "junk") return "auto_reply";
  return null;
}
