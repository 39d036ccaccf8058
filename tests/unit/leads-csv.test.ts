import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { normalizeSuppression } from "../../src/lib/leads/add-suppression";
import { detectMapping, resolveMapping, uniqueHeaders } from "../../src/lib/leads/column-mapping";
import { type CsvItem, csvRecords, sniffDelimiter } from "../../src/lib/leads/csv-records";
import { domainAndParents, normalizeEmail } from "../../src/lib/leads/email";
import { previewCsv } from "../../src/lib/leads/preview-csv";
import { validateRow } from "../../src/lib/leads/validate-row";

const records = async (chunks: (string | Buffer)[], delimiter: "," | ";" = ",") => {
  const out: CsvItem[] = [];
  const input = Readable.from(chunks.map((c) => (typeof c === "string" ? Buffer.from(c) : c)));
  for await (const item of csvRecords(input, delimiter)) out.push(item);
  return out;
};

describe("header detection", () => {
  it("maps the common spellings of each lead field, whatever the case and punctuation", () => {
    const headers = [
      "Email Address",
      "First Name",
      "surname",
      "Organization",
      "Job Title",
      "Phone Number",
      "Website",
      "LinkedIn URL",
      "Industry",
    ];
    expect(detectMapping(headers)).toEqual({
      "Email Address": "email",
      "First Name": "firstName",
      surname: "lastName",
      Organization: "company",
      "Job Title": "title",
      "Phone Number": "phone",
      Website: "website",
      "LinkedIn URL": "custom:LinkedIn URL",
      Industry: "custom:Industry",
    });
    for (const h of ["email", "E-mail", "EMAIL", "e_mail", "Work Email"])
      expect(detectMapping([h])[h]).toBe("email");
    for (const h of ["firstname", "first_name", "Given Name", "fname"])
      expect(detectMapping([h])[h]).toBe("firstName");
    for (const h of ["Company Name", "company", "organisation"])
      expect(detectMapping([h])[h]).toBe("company");
    for (const h of ["url", "domain", "Company Website"]) expect(detectMapping([h])[h]).toBe("website");
  });

  it("gives a field to the first matching column only; the others stay as custom fields", () => {
    expect(detectMapping(["Email", "Work Email", "Domain", "Website"])).toEqual({
      Email: "email",
      "Work Email": "custom:Work Email",
      Domain: "website",
      Website: "custom:Website",
    });
  });

  it("names blank headers by position and numbers repeated ones", () => {
    expect(uniqueHeaders([" email ", "", "Tag", "tag", "Tag"])).toEqual([
      "email",
      "Column 2",
      "Tag",
      "tag (2)",
      "Tag (3)",
    ]);
    expect(detectMapping(["email", "Column 2"])["Column 2"]).toBe("ignore");
  });

  it("applies a person's edits and refuses mappings that cannot work, saying why", () => {
    const headers = ["E-mail", "Name", "Firm"];
    expect(resolveMapping(headers, { Name: "firstName", Firm: "company" })).toEqual({
      "E-mail": "email",
      Name: "firstName",
      Firm: "company",
    });
    expect(() => resolveMapping(headers, { "E-mail": "ignore" })).toThrow(/no column is mapped to email/);
    expect(() => resolveMapping(headers, { Name: "email" })).toThrow(/"Name" and "E-mail" both map to email/);
    expect(() => resolveMapping(headers, { Nope: "title" })).toThrow(/"Nope" is not a column of this file/);
    expect(() => resolveMapping(headers, { Firm: "shoe" })).toThrow(/"shoe" is not a lead field/);
    expect(() => resolveMapping(headers, { Name: "custom:x", Firm: "custom:X" })).toThrow(
      /both map to custom:X/,
    );
  });

  it("keeps to the API's custom-field limits: at most 100, names of 1–100 characters", () => {
    const wide = ["email", ...Array.from({ length: 5_000 }, (_, i) => `col${i}`)];
    expect(() => resolveMapping(wide, undefined)).toThrow(
      /5000 columns would become custom fields, at most 100 can: map the others to ignore/,
    );
    const ignored = Object.fromEntries(wide.slice(101).map((h) => [h, "ignore"]));
    expect(Object.values(resolveMapping(wide, ignored)).filter((t) => t.startsWith("custom:"))).toHaveLength(
      100,
    );
    expect(() => resolveMapping(["email", "x".repeat(101)], undefined)).toThrow(
      /1 column name is empty or longer than 100 characters/,
    );
  });
});

describe("row validation", () => {
  const headers = ["email", "first", "company", "tier"];
  const mapping = { email: "email", first: "firstName", company: "company", tier: "custom:tier" };

  it("turns a good row into a lead: email lower-cased, blanks null, custom fields kept", () => {
    expect(validateRow([" Ann@Acme.COM ", "Ann", "", "gold"], headers, mapping)).toEqual({
      ok: true,
      lead: { email: "ann@acme.com", firstName: "Ann", company: null, customFields: { tier: "gold" } },
    });
    expect(validateRow(["a@b.io", "", "", ""], headers, mapping)).toMatchObject({
      lead: { customFields: {} },
    });
  });

  it("gives each bad row a reason a person can act on", () => {
    const reason = (row: string[]) => {
      const r = validateRow(row, headers, mapping);
      return r.ok ? "ok" : r.reason;
    };
    expect(reason(["", "Ann", "Acme", ""])).toBe("missing email");
    expect(reason(["ann.acme.com", "", "", ""])).toMatch(/^invalid email "ann\.acme\.com": no @$/);
    expect(reason(["ann@acme", "", "", ""])).toMatch(/has no top-level domain/);
    expect(reason(["ann@@acme.com", "", "", ""])).toMatch(/more than one @/);
    expect(reason(["ann smith@acme.com", "", "", ""])).toMatch(/contains a space/);
    expect(reason(["ann@acme.com", "Ann", "Acme"])).toMatch(/^expected 4 columns, found 3/);
    expect(reason(["ann@acme.com", "Ann", "Acme", "", ""])).toMatch(/^expected 4 columns, found 5/);
    expect(reason(["ann@acme.com", "x".repeat(5001), "", ""])).toMatch(/"first" value is longer than 5000/);
    // PostgreSQL cannot store NUL: the row fails alone, and its reason does not echo the value
    expect(reason(["ann@acme.com", "A\u0000nn", "", ""])).toBe(
      'the "first" value contains a NUL character, which cannot be stored',
    );
    expect(reason(["ann\u0000@acme.com", "", "", ""])).toBe(
      'the "email" value contains a NUL character, which cannot be stored',
    );
  });

  it("accepts the addresses people really have", () => {
    for (const e of [
      "o'brien@example.ie",
      "first.last+tag@sub.example.co.uk",
      "x@xn--bcher-kva.example",
      "mailto:a@b.de",
    ]) {
      expect(normalizeEmail(e).ok, e).toBe(true);
    }
    for (const e of [".a@b.com", "a..b@b.com", "a@-b.com", "a@b.c0m", "a@b.c"])
      expect(normalizeEmail(e).ok, e).toBe(false);
  });
});

describe("CSV reading", () => {
  it("detects `;`, tab and `,` separators from the header line, ignoring quoted ones", () => {
    expect(sniffDelimiter("\uFEFFemail;name;company\na@b.de;x,y;z")).toBe(";");
    expect(sniffDelimiter("email\tname\n")).toBe("\t");
    expect(sniffDelimiter('"a;b;c",email,name\n')).toBe(",");
    expect(sniffDelimiter("email\n")).toBe(",");
  });

  it("gives each record the line it starts on, across quoted line breaks, CRLF and empty lines", async () => {
    const items = await records([
      '\uFEFFemail,note\r\na@b.test,"one\r\ntwo"\r\n\r\nc@d.test,x\rd@e.test,"3\n4\n5"\nf@g.test,y',
    ]);
    expect(items).toEqual([
      { type: "row", line: 1, fields: ["email", "note"] },
      { type: "row", line: 2, fields: ["a@b.test", "one\ntwo"] },
      { type: "row", line: 5, fields: ["c@d.test", "x"] },
      { type: "row", line: 6, fields: ["d@e.test", "3\n4\n5"] },
      { type: "row", line: 9, fields: ["f@g.test", "y"] },
    ]);
  });

  it("joins a CRLF and a multi-byte character split between chunks", async () => {
    const text = Buffer.from("email,name\r\na@b.test,Zoë\r\nc@d.test,Ünal\r\n");
    const cut1 = text.indexOf("\r\n") + 1; // between CR and LF
    const cut2 = text.indexOf("ë") + 1; // inside the two bytes of ë
    const items = await records([text.subarray(0, cut1), text.subarray(cut1, cut2), text.subarray(cut2)]);
    expect(items.map((i) => (i.type === "row" ? [i.line, ...i.fields] : i))).toEqual([
      [1, "email", "name"],
      [2, "a@b.test", "Zoë"],
      [3, "c@d.test", "Ünal"],
    ]);
  });

  it("keeps a stray quote inside a value as a character, and reports a quote never closed", async () => {
    const items = await records(['email,name\na@b.test,6" pipe\nc@d.test,"open\ne@f.test,x\n']);
    expect(items[1]).toEqual({ type: "row", line: 2, fields: ["a@b.test", '6" pipe'] });
    expect(items[2]).toMatchObject({ type: "error", line: 3, reason: expect.stringMatching(/never closed/) });
    expect(items).toHaveLength(3);
  });

  it("reports a 3 MB unquoted value once, on its line, and reads the rows after it", async () => {
    const big = "x".repeat(3 * 1024 * 1024);
    const file = Buffer.from(`email,notes\na@b.test,ok\nc@d.test,${big}\ne@f.test,fine\n`);
    const chunks: Buffer[] = [];
    for (let i = 0; i < file.length; i += 64 * 1024) chunks.push(file.subarray(i, i + 64 * 1024));
    const items = await records(chunks);
    expect(items.map((i) => [i.type, i.line])).toEqual([
      ["row", 1],
      ["row", 2],
      ["row", 3],
      ["row", 4],
    ]);
    const headers = ["email", "notes"];
    const mapping = { email: "email", notes: "custom:notes" };
    const checks = items
      .slice(1)
      .map((i) => (i.type === "row" ? validateRow(i.fields, headers, mapping) : null));
    expect(checks.map((c) => c?.ok)).toEqual([true, false, true]);
    expect(checks[1]).toMatchObject({ reason: 'the "notes" value is longer than 5000 characters' });
  });

  it("previews the header, detected mapping and first rows without a half row", async () => {
    const sample = Buffer.from("Email;Vorname;Firma\nuwe@a.de;Uwe;Uhu\n\nvera@b.de;Vera;Vau\nwil@c.de;Wi");
    const preview = await previewCsv(sample, true);
    expect(preview).toEqual({
      delimiter: ";",
      headers: ["Email", "Vorname", "Firma"],
      mapping: { Email: "email", Vorname: "custom:Vorname", Firma: "custom:Firma" },
      rows: [
        ["uwe@a.de", "Uwe", "Uhu"],
        ["vera@b.de", "Vera", "Vau"],
      ],
    });
    await expect(previewCsv(Buffer.from(""), false)).rejects.toThrow(/no header row/);
    await expect(previewCsv(Buffer.from([0x50, 0x4b, 3, 4, 0, 0]), false)).rejects.toThrow(/not a CSV file/);
  });
});

describe("suppression values", () => {
  it("reads a typed value as an email or a domain and normalizes it", () => {
    expect(normalizeSuppression(" Bob@Acme.com ")).toEqual({ kind: "email", value: "bob@acme.com" });
    expect(normalizeSuppression("@Acme.com")).toEqual({ kind: "domain", value: "acme.com" });
    expect(normalizeSuppression("https://www.acme.com/about")).toEqual({ kind: "domain", value: "acme.com" });
    expect(() => normalizeSuppression("acme")).toThrow(/no top-level domain/);
    expect(() => normalizeSuppression("bob@", "email")).toThrow(/no domain after the @/);
  });

  it("a domain covers its subdomains, never the bare top-level domain", () => {
    expect(domainAndParents("mail.eu.acme.com")).toEqual(["mail.eu.acme.com", "eu.acme.com", "acme.com"]);
    expect(domainAndParents("acme.com")).toEqual(["acme.com"]);
  });
});
