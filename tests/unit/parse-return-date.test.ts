import { describe, expect, it } from "vitest";
import { parseReturnDate } from "@/lib/inbox/parse-return-date";

// an auto-reply received on Tuesday 24 November 2026
const received = new Date("2026-11-24T09:20:00Z");
const parse = (text: string) => parseReturnDate(text, { received });

describe("parseReturnDate", () => {
  it.each([
    // English: day-first and month-first names, ordinals, weekdays, numeric month-first
    ["I'm out of the office and back on 3 December.", "2026-12-03"],
    ["I will return on Thursday, December 3rd.", "2026-12-03"],
    ["Out of office until Monday 30 November.", "2026-11-30"],
    ["Back in the office on the 3rd of December 2026.", "2026-12-03"],
    ["I am away until 12/3, with limited access to email.", "2026-12-03"],
    ["I'm away through 14/12.", "2026-12-14"],
    // German: "zurück am 03.03.", names, "bis zum"
    ["Ich bin ab dem 03.12. wieder im Büro.", "2026-12-03"],
    ["Ich bin zurück am 3. Dezember.", "2026-12-03"],
    ["Ich bin bis zum 1. Dezember nicht im Büro.", "2026-12-01"],
    ["Abwesend bis einschließlich 04.12.2026.", "2026-12-04"],
    // French
    ["Je serai de retour le 3 décembre.", "2026-12-03"],
    ["Je suis absente jusqu'au lundi 7 décembre 2026.", "2026-12-07"],
    ["Absent, de retour le 1er décembre", "2026-12-01"],
    // Spanish
    ["Estoy fuera de la oficina hasta el lunes 30 de noviembre.", "2026-11-30"],
    ["Estaré de vuelta el 3 de diciembre de 2026.", "2026-12-03"],
    // Italian
    ["Sono fuori ufficio fino al 30 novembre.", "2026-11-30"],
    ["Rientro il 3 dicembre.", "2026-12-03"],
    // Dutch
    ["Ik ben afwezig tot en met 30 november.", "2026-11-30"],
    ["Ik ben weer aanwezig op maandag 7 december.", "2026-12-07"],
    ["Terug op 03-12-2026.", "2026-12-03"],
    // Portuguese
    ["Estou ausente do escritório até 1 de dezembro.", "2026-12-01"],
    ["Estarei de volta em 3 de dezembro.", "2026-12-03"],
    ["Retorno em 03/12/2026.", "2026-12-03"],
  ])("%s → %s", (text, date) => {
    expect(parse(text)).toBe(date);
  });

  it.each([
    // a day without a month: with an ordinal, or after a weekday ("from Monday 7th")
    ["I'm back in the office from Monday 7th.", "2026-12-07"],
    ["Back on the 3rd.", "2026-12-03"],
    ["I'm away until the 27th.", "2026-11-27"],
    ["Ich bin zurück am Montag, den 7.", "2026-12-07"],
    ["Je serai de retour le lundi 7.", "2026-12-07"],
    // a weekday alone: the next one after the message (received on a Tuesday)
    ["Back on Monday.", "2026-11-30"],
    ["Ich bin bis Freitag nicht erreichbar.", "2026-11-27"],
    ["Sono fuori ufficio fino a venerdì.", "2026-11-27"],
    ["Out of office until Friday 17:00.", "2026-11-27"],
    ["Back on Tuesday.", "2026-12-01"],
    // ranges: the last day away, in each language
    ["Je suis absent du 1er au 14 décembre.", "2026-12-14"],
    ["Absent du 1 au 14 mars.", "2027-03-14"],
    ["I'm away from 1 to 14 December.", "2026-12-14"],
    ["I am on leave from Monday 30 November to Friday 4 December.", "2026-12-04"],
    ["Ich bin vom 1. bis 14. Dezember im Urlaub.", "2026-12-14"],
    ["Estoy de vacaciones del 1 al 14 de diciembre.", "2026-12-14"],
    ["Sono in ferie dal 1 al 14 dicembre.", "2026-12-14"],
    ["Ik ben van 1 tot 14 december op vakantie.", "2026-12-14"],
    ["Estarei de férias de 1 a 14 de dezembro.", "2026-12-14"],
    // with a year, and month-first with one
    ["Retour prévu le 4 janvier 2027.", "2027-01-04"],
    ["I will be back on January 4, 2027.", "2027-01-04"],
  ])("%s → %s", (text, date) => {
    expect(parse(text)).toBe(date);
  });

  it("a bare number after a cue is a time or a count, not a day", () => {
    expect(parse("I'm in meetings until 5 pm.")).toBeNull();
    expect(parse("Ich bin bis 17 Uhr in einer Besprechung.")).toBeNull();
    expect(parse("I'll be back in 2 weeks.")).toBeNull();
    expect(parse("I'm available from 9-17 every day.")).toBeNull();
  });

  it("a day without a year is the next such day: in January after a December message", () => {
    expect(parseReturnDate("Back on 4 January.", { received: new Date("2026-12-20T10:00:00Z") })).toBe(
      "2027-01-04",
    );
    // a day just past is still this year (responders are left on a few days too long)
    expect(parseReturnDate("Back on 20 November.", { received })).toBe("2026-11-20");
  });

  it("a date without a cue, a time, or an impossible day is no return date", () => {
    expect(parse("Thanks for your email sent on 1 December.")).toBeNull();
    expect(parse("I'm in meetings until 17.30 today.")).toBeNull();
    expect(parse("I am away until 31 November.")).toBeNull();
    expect(parse("I am out of the office with limited access to email.")).toBeNull();
  });
});
