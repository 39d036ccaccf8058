import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { simpleParser } from "mailparser";
import { describe, expect, it } from "vitest";
import { parseMessage } from "@/lib/inbox/parse-message";

const fixtures = path.resolve(import.meta.dirname, "../integration/fixtures/emails");
const head =
  "From: Ana <ana@client.test>\r\nTo: alex@outreach.test\r\nSubject: Hi\r\nMessage-ID: <m1@client.test>\r\n";
const withType = (type: string | null, body: string) =>
  Buffer.from(`${head}${type ? `Content-Type: ${type}\r\n` : ""}\r\n${body}`);

/** Every shape where parseMessage takes a shortcut past simpleParser, and the ones where it must not. */
const shapes: [string, Buffer][] = [
  [
    "HTML only",
    withType("text/html; charset=utf-8", "<p>Hi <b>Alex</b>, <a href='https://x.test'>see</a></p>"),
  ],
  ["HTML only, the type in capitals", withType("TEXT/HTML", "<h1>Invoice</h1><p>Due</p>")],
  [
    "HTML only, LF line ends",
    Buffer.from("From: a@b.test\nContent-Type: text/html\n\n<p>lf <i>only</i></p>\n"),
  ],
  ["HTML only, empty", withType("text/html", "")],
  [
    "HTML nested past mailparser's depth limit",
    withType("text/html", `${"<div>".repeat(1200)}x${"</div>".repeat(1200)}`),
  ],
  [
    "HTML with more tags than the depth limit, shallow",
    withType("text/html", `${"<br>".repeat(1500)}<p>x</p>`),
  ],
  ["plain text with a link", withType("text/plain", "See https://x.test and www.y.test")],
  ["no Content-Type", withType(null, "Plain by default, http://x.test")],
  [
    "a folded Content-Type",
    Buffer.from(`${head}Content-Type:\r\n text/plain;\r\n charset=utf-8\r\n\r\nbody`),
  ],
  [
    "two Content-Types, text/html first",
    Buffer.from(
      `${head}Content-Type: text/html\r\nContent-Type: multipart/mixed; boundary=zz\r\n\r\n` +
        "--zz\r\nContent-Type: text/plain\r\n\r\nplain www.a.test\r\n--zz\r\nContent-Type: text/html\r\n\r\n<p>html</p>\r\n--zz--\r\n",
    ),
  ],
  [
    "plain text and HTML side by side (the text shown in the HTML)",
    withType(
      "multipart/mixed; boundary=zz",
      "--zz\r\nContent-Type: text/plain\r\n\r\nplain www.a.test\r\n--zz\r\nContent-Type: text/html\r\n\r\n<p>html</p>\r\n--zz--\r\n",
    ),
  ],
  ["headers only (a Sent copy)", Buffer.from(`${head}Content-Type: text/html\r\n`)],
  // every fixture, the bounce and complaint sets in their folders included
  ...readdirSync(fixtures, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".eml"))
    .map((f): [string, Buffer] => [f, readFileSync(path.join(fixtures, f))]),
];

describe("parseMessage reads what simpleParser reads", () => {
  it.each(shapes)("%s", async (_, raw) => {
    const mail = await simpleParser(raw, { keepDeliveryStatus: true, skipImageLinks: true });
    const parsed = await parseMessage(raw);
    expect(parsed.text).toBe(mail.text ?? null);
    expect(parsed.html).toBe(typeof mail.html === "string" ? mail.html : null);
    expect(parsed.subject).toBe(mail.subject ?? null);
    expect(parsed.messageId).toBe(mail.messageId ?? null);
  });

  it("gives an HTML-only message its HTML as text", async () => {
    const parsed = await parseMessage(withType("text/html", "<p>Your invoice <b>1042</b> is ready.</p>"));
    expect(parsed.text).toBe("Your invoice 1042 is ready.");
  });
});
