/**
 * The day an out-of-office says its writer is back, in English, German, French, Spanish, Italian,
 * Dutch and Portuguese: "back on 3 March", "zurück am 03.03.", "de retour le 3 mars", "de vuelta
 * el 3 de marzo", "rientro il 3 marzo", "terug op 3 maart", "de volta em 3 de março", with or
 * without a year. A date only counts after a phrase that announces the return or the end of the
 * absence ("until", "bis", "jusqu'au" …), never anywhere in the text: "sent on 1 March" is no
 * return date. Numeric dates are day-first except in English, where they are month-first unless
 * the first number cannot be a month. A range ("du 1 au 14 mars", "from 1 to 14 March", "vom 1.
 * bis 14. März") gives its last day away; a day without a month ("Monday 7th", "the 3rd") is the
 * next such day of a month; a weekday alone ("back on Monday") the next such weekday.
 */

const MONTHS: Record<string, number> = {};
const add = (month: number, ...names: string[]) => {
  for (const n of names) MONTHS[n] = month;
};
add(
  1,
  "january",
  "jan",
  "januar",
  "jänner",
  "janvier",
  "janv",
  "enero",
  "ene",
  "gennaio",
  "gen",
  "januari",
  "janeiro",
);
add(
  2,
  "february",
  "feb",
  "februar",
  "février",
  "fevrier",
  "févr",
  "fevr",
  "febrero",
  "febbraio",
  "februari",
  "fevereiro",
  "fev",
);
add(3, "march", "mar", "märz", "maerz", "mars", "marzo", "maart", "mrt", "março", "marco");
add(4, "april", "apr", "avril", "avr", "abril", "abr", "aprile");
add(5, "may", "mai", "mayo", "maggio", "mag", "mei", "maio");
add(6, "june", "jun", "juni", "juin", "junio", "giugno", "giu", "junho");
add(7, "july", "jul", "juli", "juillet", "juil", "julio", "luglio", "lug", "julho");
add(8, "august", "aug", "août", "aout", "agosto", "ago", "augustus");
add(9, "september", "sep", "sept", "septembre", "septiembre", "setiembre", "settembre", "set", "setembro");
add(10, "october", "oct", "oktober", "okt", "octobre", "octubre", "ottobre", "ott", "outubro", "out");
add(11, "november", "nov", "novembre", "noviembre", "novembro");
add(
  12,
  "december",
  "dec",
  "dezember",
  "dez",
  "décembre",
  "decembre",
  "déc",
  "diciembre",
  "dic",
  "dicembre",
  "dezembro",
);

const MONTH = `(${Object.keys(MONTHS)
  .sort((a, b) => b.length - a.length)
  .join("|")})`;

/** Weekday names (0 = Sunday) in the seven languages, full and in the usual short forms. */
const WEEKDAYS: Record<string, number> = {};
const day = (n: number, ...names: string[]) => {
  for (const name of names) WEEKDAYS[name] = n;
};
day(0, "sunday", "sonntag", "dimanche", "domingo", "domenica", "zondag");
day(1, "monday", "montag", "lundi", "lunes", "lunedì", "lunedi", "maandag", "segunda-feira", "segunda");
day(
  2,
  "tuesday",
  "dienstag",
  "mardi",
  "martes",
  "martedì",
  "martedi",
  "dinsdag",
  "terça-feira",
  "terça",
  "terca",
);
day(3, "wednesday", "mittwoch", "mercredi", "miércoles", "miercoles", "mercoledì", "mercoledi", "woensdag");
day(3, "quarta-feira", "quarta");
day(
  4,
  "thursday",
  "donnerstag",
  "jeudi",
  "jueves",
  "giovedì",
  "giovedi",
  "donderdag",
  "quinta-feira",
  "quinta",
);
day(5, "friday", "freitag", "vendredi", "viernes", "venerdì", "venerdi", "vrijdag", "sexta-feira", "sexta");
day(6, "saturday", "samstag", "samedi", "sábado", "sabado", "sabato", "zaterdag");
const WEEKDAY = `(?:${Object.keys(WEEKDAYS)
  .sort((a, b) => b.length - a.length)
  .join("|")})`;

const ORDINAL = "(?:st|nd|rd|th|er|e|º|°|\\.)?";
/**
 * The first day of an absence given as a range ("du 1 au 14 mars", "from 3 to 14 March", "del 1
 * al 14 de marzo", "dal 1 al 14 marzo", "de 1 a 14 de março"): what follows is the last day away.
 * German "vom 1. bis 14. März" and Dutch "van 1 tot 14 maart" end with cues of their own.
 */
const RANGE_START = `(?:from|du|del|dal|de|between)\\s+(?:${WEEKDAY},?\\s+)?(?:the\\s+|le\\s+|el\\s+|il\\s+)?\\d{1,2}${ORDINAL}(?:\\s*(?:of\\s+|de\\s+)?${MONTH}\\.?)?(?:,?\\s*\\d{4})?\\s*(?:to|until|till|and|au|al|a|-|–)`;

/** Phrases after which the next date is the return (or the last day away), per language. */
const CUES = [
  RANGE_START,
  // English
  "back (?:in (?:the )?office |at work |in |to the office )?(?:on|from|by)",
  "(?:be |am |i'?ll be )?back",
  "return(?:ing)? (?:to (?:the )?office |to work )?(?:on|from)",
  "returns? on",
  "until",
  "till",
  "through",
  "thru",
  "(?:in|into) the office (?:again )?(?:on|from)",
  "available (?:again )?(?:on|from)",
  // German
  "zurück (?:am|ab)",
  "wieder (?:im büro |erreichbar |da )?(?:am|ab)",
  "ab dem",
  "bis (?:einschließlich |einschl\\. |zum |inkl\\. )?",
  // French
  "de retour (?:le|à partir du|au bureau le)",
  "retour (?:le|prévu le)",
  "jusqu'(?:au|à|a)",
  "à partir du",
  // Spanish
  "de (?:vuelta|regreso) (?:el|a partir del)",
  "regres(?:o|aré|are) (?:el|a la oficina el)",
  "volver[ée] (?:el|a la oficina el)",
  "hasta (?:el )?",
  "a partir del",
  // Italian
  "di ritorno (?:il|dal)",
  "rientro (?:il|previsto il|in ufficio il)",
  "rientrerò (?:il|in ufficio il)",
  "tornerò (?:il|in ufficio il)",
  "fino (?:al|a)",
  "a partire dal",
  // Dutch
  "terug (?:op|vanaf)",
  "weer (?:aanwezig |op kantoor |bereikbaar )?(?:op|vanaf)",
  "tot en met",
  "t/m",
  "tot",
  "vanaf",
  // Portuguese
  "de volta (?:em|a|no dia|a partir de)",
  "(?:retorno|regresso) (?:em|a|no dia|previsto para)",
  "voltarei (?:em|a|no dia)",
  "até (?:ao dia |o dia |dia |ao |a )?",
  "a partir de",
];
// a cue ends at a word's end: after its trailing space, or before a character that is no letter
const CUE = new RegExp(`(?<![\\p{L}\\p{N}])(?:${CUES.join("|")})(?:(?<=\\s)|(?![\\p{L}]))`, "giu");

/** day month [year]: "3 March", "3rd of March 2027", "3. März", "3 de marzo de 2027" */
const DAY_MONTH = new RegExp(
  `^(\\d{1,2})${ORDINAL}\\s*(?:of\\s+|de\\s+)?${MONTH}\\.?(?:,?\\s*(?:de\\s+)?(\\d{4}))?(?![\\p{L}])`,
  "iu",
);
/** month day [year]: "March 3", "March 3rd, 2027" */
const MONTH_DAY = new RegExp(`^${MONTH}\\.?\\s+(\\d{1,2})${ORDINAL}(?:,?\\s*(\\d{4}))?(?!\\d)`, "iu");
/** numeric: "03.03.", "3/3/2027", "2027-03-03" */
const NUMERIC = /^(\d{1,4})[./-](\d{1,2})(?:[./-](\d{2,4}))?\.?(?!\d)/;

/** day alone: "3rd", "3." — not a time ("5 pm", "17:00", "17 Uhr") nor part of a number */
const DAY_ONLY =
  /^(\d{1,2})(st|nd|rd|th|er|e|º|°|\.)?(?![\d:]|[.,]\d|\s*(?:h\b|uhr\b|hrs?\b|am\b|pm\b|a\.m|p\.m|o'?clock|horas?\b|ore\b|uur\b))/i;
const TIME = /^\d{1,2}(?::\d{2}|\s*(?:h\b|uhr\b|am\b|pm\b|a\.m|p\.m|o'?clock))/i;
/** "on Monday, ", "le lundi ", "am Montag, den ": a weekday before the date (or alone) */
const LEADING_WEEKDAY = new RegExp(
  `^(?:on\\s+|the\\s+|le\\s+|el\\s+|il\\s+|op\\s+|em\\s+|am\\s+|den\\s+|dem\\s+|dia\\s+|next\\s+)*(${WEEKDAY})(?![\\p{L}]),?\\s*(?:the\\s+|den\\s+|le\\s+|el\\s+)?`,
  "iu",
);

/** How far after its cue a date may start ("back in the office on Monday, 3 March"). */
const WINDOW = 40;

export function parseReturnDate(
  text: string,
  opts: { received: Date; language?: "en" | "other" },
): string | null {
  const lower = text.slice(0, 5000);
  const english = opts.language ? opts.language === "en" : looksEnglish(lower);
  for (const cue of lower.matchAll(CUE)) {
    let rest = lower.slice(cue.index + cue[0].length, cue.index + cue[0].length + WINDOW + 30).trimStart();
    // "on Monday, 3 March", "the 3rd", "le lundi 3 mars", "el 3 de marzo"
    const named = LEADING_WEEKDAY.exec(rest);
    const weekday = named ? WEEKDAYS[named[1]!.toLowerCase()] : undefined;
    if (named) rest = rest.slice(named[0].length);
    rest = rest.replace(/^(?:on|the|le|el|il|op|em|am|den|dem|dia|no dia)\s+/i, "");
    const date =
      readDate(rest, english, opts.received, weekday !== undefined) ??
      // "back on Monday", "bis Freitag": the next such day after the message
      // ("bis Freitag 17 Uhr" too; not "Monday 31 November", a date that is wrong)
      (weekday !== undefined && (!/^\d/.test(rest) || TIME.test(rest))
        ? nextWeekday(weekday, opts.received)
        : null);
    if (date) return date;
  }
  return null;
}

/**
 * A date at the start of `s`. A day without a month ("the 3rd", "Monday 3rd", "lundi 3") counts
 * only with an ordinal or after a weekday, never before a time ("until 5 pm", "bis 17 Uhr").
 */
function readDate(s: string, english: boolean, received: Date, afterWeekday = false): string | null {
  const dm = DAY_MONTH.exec(s);
  if (dm) return build(Number(dm[1]), MONTHS[dm[2]!.toLowerCase()]!, dm[3], received);
  const md = MONTH_DAY.exec(s);
  if (md) return build(Number(md[2]), MONTHS[md[1]!.toLowerCase()]!, md[3], received);
  const n = NUMERIC.exec(s);
  if (!n) {
    const d = DAY_ONLY.exec(s);
    return d && (d[2] || afterWeekday) ? buildDayOfMonth(Number(d[1]), received) : null;
  }
  const [a, b, c] = [n[1]!, n[2]!, n[3]];
  if (a.length === 4) return c ? build(Number(c), Number(b), a, received) : null; // 2027-03-03
  let [day, month] = [Number(a), Number(b)];
  // English writes month first ("3/14"), unless the first number cannot be a month ("14/3")
  if (english && month <= 31 && day <= 12) [day, month] = [month, day];
  return build(day, month, c, received);
}

/** An ISO date, the year the next such day on or after the message (minus a week of slack) when none is given. */
function build(day: number, month: number, year: string | undefined, received: Date): string | null {
  if (!month || month > 12 || day < 1 || day > 31) return null;
  let y = year ? Number(year.length === 2 ? `20${year}` : year) : received.getUTCFullYear();
  const valid = (yy: number) => new Date(Date.UTC(yy, month - 1, day)).getUTCDate() === day;
  if (!year) {
    const slack = received.getTime() - 7 * 86_400_000;
    if (Date.UTC(y, month - 1, day) < slack) y += 1;
  }
  if (!valid(y)) return null;
  return `${y}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** A day of the month without a month: this month's, or next month's when this one's is past (a week of slack). */
function buildDayOfMonth(day: number, received: Date): string | null {
  const slack = received.getTime() - 7 * 86_400_000;
  let year = received.getUTCFullYear();
  let month = received.getUTCMonth() + 1;
  if (Date.UTC(year, month - 1, day) < slack) {
    month += 1;
    if (month > 12) [month, year] = [1, year + 1];
  }
  return build(day, month, String(year), received);
}

/** The next such weekday after the day the message came (a week on when it is that day). */
function nextWeekday(weekday: number, received: Date): string {
  const ahead = (weekday - received.getUTCDay() + 7) % 7 || 7;
  return new Date(received.getTime() + ahead * 86_400_000).toISOString().slice(0, 10);
}

/** English by its most common words; it decides only how a numeric date is read. */
function looksEnglish(text: string): boolean {
  return (
    /\b(the|and|until|back|office|will|be|thank you|thanks)\b/i.test(text) &&
    !/\b(der|die|und|le|la|les|el|los|il|het|een|não|você|obrigad[oa]|merci|gracias|grazie|bedankt|danke)\b/i.test(
      text,
    )
  );
}
