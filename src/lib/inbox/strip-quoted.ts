/** "On <date>, <name> wrote:" in each language, possibly wrapped onto a second line by the client. */
function attribution(lead: string, verb: string): RegExp {
  return new RegExp(`^${lead}\\s[^\\n]*?(?:\\n(?!${lead}\\s)[^\\n]*?)?\\s${verb}[^\\n:]{0,120}:\\s*$`, "im");
}

const FROM = "\\*?(?:From|Von|De|Van|Da):\\*?";
const SENT = "\\*?(?:Sent|Date|Gesendet|Datum|Envoyé|Enviado|Enviada|Fecha|Data|Verzonden|Inviato):";

/** Where the quoted original of a reply starts, in the languages we classify. */
const ATTRIBUTIONS = [
  attribution("On", "wrote"),
  attribution("Am", "schrieb"),
  attribution("Le", "a écrit"),
  attribution("El", "escribió"),
  attribution("Em", "escreveu"),
  attribution("Op", "schreef"),
  attribution("Il", "ha scritto"),
  /^-{2,}\s*(?:Original Message|Ursprüngliche Nachricht|Message d'origine|Mensaje original|Mensagem original|Oorspronkelijk bericht|Messaggio originale)\s*-{2,}\s*$/im,
  // Outlook: a rule, or nothing, then From: … and Sent:/Date: within the next lines
  new RegExp(`^(?:_{10,}\\s*\\n)?${FROM}[^\\n]*\\n(?:[^\\n]*\\n){0,2}?${SENT}`, "im"),
];

/**
 * The new text of a reply: everything from the first quote attribution on ("On … wrote:",
 * "-----Original Message-----", an Outlook From:/Sent: block …) is dropped, and so are "> " lines.
 * Intent rules read only this, so words of our own email quoted below never count as theirs.
 * The inbox UI folds the rest.
 */
export function stripQuoted(text: string): string {
  let body = text.replace(/\r\n?/g, "\n");
  let cut = body.length;
  for (const pattern of ATTRIBUTIONS) {
    const m = pattern.exec(body);
    if (m && m.index < cut) cut = m.index;
  }
  body = body.slice(0, cut);
  return body
    .split("\n")
    .filter((line) => !/^\s*>/.test(line))
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
