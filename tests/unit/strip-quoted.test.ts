import { describe, expect, it } from "vitest";
import { stripQuoted } from "@/lib/inbox/strip-quoted";

const QUOTE = "> Would you be interested in a quick call?\n> Alex";

describe("stripQuoted", () => {
  it.each([
    ["Gmail", "On Tue, Nov 24, 2026 at 9:15 AM Alex Rivera <alex@outreach.test> wrote:"],
    ["Gmail, wrapped", "On Tue, Nov 24, 2026 at 9:15 AM Alex Rivera <\nalex@outreach.test> wrote:"],
    ["German", "Am Di., 24. Nov. 2026 um 09:15 Uhr schrieb Alex Rivera <alex@outreach.test>:"],
    ["French", "Le mar. 24 nov. 2026 à 09:15, Alex Rivera <alex@outreach.test> a écrit :"],
    ["Spanish", "El mar, 24 nov 2026 a las 9:15, Alex Rivera (<alex@outreach.test>) escribió:"],
    ["Portuguese", "Em ter., 24 de nov. de 2026 às 09:15, Alex Rivera <alex@outreach.test> escreveu:"],
    ["Dutch", "Op di 24 nov 2026 om 09:15 schreef Alex Rivera <alex@outreach.test>:"],
    ["Italian", "Il giorno mar 24 nov 2026 alle ore 09:15 Alex Rivera <alex@outreach.test> ha scritto:"],
    ["Outlook rule", "-----Original Message-----\nFrom: Alex Rivera"],
    ["Outlook, German", "-----Ursprüngliche Nachricht-----\nVon: Alex Rivera"],
    [
      "Outlook header block",
      "________________________________\nFrom: Alex Rivera <alex@outreach.test>\nSent: Tuesday, November 24, 2026 9:15 AM\nTo: Jordan\nSubject: Quick question",
    ],
    ["Outlook header block, no rule", "From: Alex Rivera\nSent: Tuesday, November 24, 2026 9:15 AM"],
  ])("cuts at the %s attribution", (_name, attribution) => {
    const text = `Not interested, thanks.\n\nJordan\n\n${attribution}\n${QUOTE}\n\nAlex`;
    expect(stripQuoted(text)).toBe("Not interested, thanks.\n\nJordan");
  });

  it("drops interleaved > lines but keeps the answers between them", () => {
    const text = "> Are you free Tuesday?\nYes, 2pm works.\n> Who else should join?\nDana from onboarding.";
    expect(stripQuoted(text)).toBe("Yes, 2pm works.\nDana from onboarding.");
  });

  it("keeps a sentence that starts like an attribution but is not one", () => {
    const text =
      "On second thought, let's talk.\nJordan\n\nOn Tue, Nov 24, 2026 at 9:15 AM Alex wrote:\n> Hi";
    expect(stripQuoted(text)).toBe("On second thought, let's talk.\nJordan");
  });

  it("leaves a message with no quote as it is, CRLF normalised", () => {
    expect(stripQuoted("Sounds good.\r\nJordan\r\n")).toBe("Sounds good.\nJordan");
    expect(stripQuoted("")).toBe("");
  });
});
