import { getTableColumns, sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { type FolderRole, inboxMessages, type Mailbox } from "@/lib/db/schema";
import { logger } from "@/lib/logger";
import type { EndpointCache } from "@/lib/webhooks/emit-event";
import { applyReplyEffectsMany } from "./apply-effects";
import { type Classification, classifyMessage } from "./classify";
import { linkReplies, type ReplyLink } from "./linking";
import { type ParsedMessage, parseMessage } from "./parse-message";
import { sanitizeEmailHtml } from "./sanitize-html";
import { stripQuoted } from "./strip-quoted";

/** A received message, parsed and classified: all the CPU work, done before any transaction. */
export type PreparedMessage = {
  uid: number | null;
  receivedAt: Date;
  parsed: ParsedMessage;
  verdict: Classification;
  /** the text, its snippet and the sanitized HTML as stored */
  text: string;
  snippet: string;
  htmlBody: string | null;
};

export async function prepareInbound(input: {
  uid: number | null;
  receivedAt: Date;
  raw: Buffer;
}): Promise<PreparedMessage> {
  const parsed = await parseMessage(input.raw);
  const text = noNul(parsed.text ?? "");
  return {
    uid: input.uid,
    receivedAt: input.receivedAt,
    parsed,
    verdict: classifyMessage(parsed),
    text,
    snippet: stripQuoted(text).replace(/\s+/g, " ").trim().slice(0, 200),
    htmlBody: parsed.html ? noNul(sanitizeEmailHtml(parsed.html)) : null,
  };
}

export type StoreResult = { storedIds: string[]; deliveryIds: string[] };

/**
 * Link and store a chunk of received messages in the caller's transaction, and on first sight
 * only apply what each means (replied, bounced, unsubscribed) in that same transaction, so a
 * message is never stored without its effects. A message seen again (another sync, a UIDVALIDITY
 * reset, the same mail in Junk and INBOX, twice in one chunk) is skipped by the unique index on
 * (mailbox, Message-ID), so its effects happen once. Two queries link the chunk, one insert
 * stores it; the webhook deliveries to dispatch after commit are returned.
 */
export async function storeInboundMessages(
  tx: DbOrTx,
  input: {
    mailbox: Mailbox;
    folder: FolderRole;
    uidValidity: number | null;
    messages: PreparedMessage[];
    endpoints?: EndpointCache;
  },
): Promise<StoreResult> {
  const { mailbox, folder, messages } = input;
  if (!messages.length) return { storedIds: [], deliveryIds: [] };
  const links = await linkReplies(
    tx,
    { workspaceId: mailbox.workspaceId, mailboxId: mailbox.id },
    messages.map(({ parsed, verdict }) => ({
      messageId: parsed.messageId,
      inReplyTo: parsed.inReplyTo,
      references: parsed.references,
      fromEmail: parsed.from?.email ?? null,
      headers: parsed.headers,
      original: verdict.original,
    })),
  );
  const rows = messages.map((m, i) => rowOf(mailbox, folder, input.uidValidity, m, links[i] ?? null));
  const inserted = await insertRows(tx, rows);
  const fresh = new Set(inserted.map((r) => r.id));
  const effects: Parameters<typeof applyReplyEffectsMany>[1] = [];
  for (const [i, row] of rows.entries()) {
    if (!fresh.has(row.id)) continue;
    const { parsed, verdict } = messages[i]!;
    const link = links[i];
    logger.info(
      {
        mailboxId: mailbox.id,
        category: verdict.category,
        linked: link?.method ?? null,
        campaignId: link?.campaignId,
      },
      "message stored",
    );
    if (link) effects.push({ messageId: row.id, workspaceId: mailbox.workspaceId, link, verdict, parsed });
  }
  const { deliveryIds } = await applyReplyEffectsMany(tx, effects, { endpoints: input.endpoints });
  return { storedIds: rows.filter((r) => fresh.has(r.id)).map((r) => r.id), deliveryIds };
}

function rowOf(
  mailbox: Mailbox,
  folder: FolderRole,
  uidValidity: number | null,
  { uid, receivedAt, parsed, verdict, text, snippet, htmlBody }: PreparedMessage,
  link: ReplyLink | null,
): typeof inboxMessages.$inferInsert & { id: string } {
  // a message without a Message-ID still gets one key, so it is stored once
  const messageId = noNul(parsed.messageId ?? `<no-id.${folder}.${uidValidity}.${uid}@coldframe>`);
  const date = parsed.date && !Number.isNaN(parsed.date.getTime()) ? parsed.date : null;
  return {
    id: crypto.randomUUID(),
    workspaceId: mailbox.workspaceId,
    mailboxId: mailbox.id,
    folder,
    uid,
    uidValidity,
    messageId,
    inReplyTo: noNulOrNull(parsed.inReplyTo),
    references: parsed.references.map(noNul),
    fromEmail: noNulOrNull(parsed.from?.email ?? null),
    fromName: noNulOrNull(parsed.from?.name ?? null),
    toEmails: parsed.to.map(noNul),
    subject: noNulOrNull(parsed.subject),
    sentAt: date,
    receivedAt,
    textBody: text,
    htmlBody,
    snippet,
    headers: Object.fromEntries(Object.entries(parsed.headers).map(([k, v]) => [k, noNul(v)])),
    threadKey: threadKeyOf(parsed.references, parsed.inReplyTo, messageId, link),
    category: verdict.category,
    intent: verdict.intent,
    autoReply: verdict.autoReply,
    bounce: verdict.bounce,
    campaignId: link?.campaignId ?? null,
    leadId: link?.leadId ?? null,
    sentEmailId: link?.sentEmailId ?? null,
    linkMethod: link?.method ?? null,
  };
}

/**
 * One insert for the chunk, its rows sent as one JSON parameter and expanded by PostgreSQL
 * (json_populate_recordset), instead of a parameter per value: building and binding thousands of
 * parameters was the sync's largest cost in Node after parsing. Columns not given keep their
 * defaults; a message already stored (unique indexes) is skipped.
 */
async function insertRows(tx: DbOrTx, rows: (typeof inboxMessages.$inferInsert)[]) {
  const columns = getTableColumns(inboxMessages);
  const keys = Object.keys(rows[0]!) as (keyof typeof columns)[];
  const names = sql.raw(keys.map((k) => `"${columns[k].name}"`).join(", "));
  const values = rows.map((r) => Object.fromEntries(keys.map((k) => [columns[k].name, r[k] ?? null])));
  let json = JSON.stringify(values);
  // only a chunk holding a lone surrogate pays for a replacer called on every value
  if (LONE_SURROGATE_ESCAPE.test(json))
    json = JSON.stringify(values, (_, v) => (typeof v === "string" ? wellFormed(v) : v));
  const { rows: inserted } = await tx.execute<{ id: string }>(sql`
    insert into ${inboxMessages} (${names})
    select ${names} from json_populate_recordset(null::inbox_messages, ${json}::json)
    on conflict do nothing returning id`);
  return inserted;
}

// A lone UTF-16 surrogate (a broken encoded-word) is not valid in PostgreSQL's JSON: it becomes
// U+FFFD, as the driver would encode it in a plain parameter. JSON.stringify writes one as a
// "\udXXX" escape (and a pair as the character itself), so the escape tells when it is needed.
const LONE_SURROGATE_ESCAPE = /\\ud[89a-f][0-9a-f]{2}/;
const wellFormed = (s: string) =>
  s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");

// PostgreSQL text cannot hold U+0000, which a broken or hostile message may carry: the message is
// stored without it rather than failing its whole chunk.
const noNul = (s: string) => (s.includes("\u0000") ? s.replaceAll("\u0000", "") : s);
const noNulOrNull = (s: string | null) => (s === null ? null : noNul(s));

/** The conversation a message belongs to: our first email when linked, else its thread root. */
function threadKeyOf(
  references: string[],
  inReplyTo: string | null,
  messageId: string,
  link: { sentEmailId: string | null } | null,
): string {
  if (link?.sentEmailId) return `sent:${link.sentEmailId}`;
  return noNul(references[0] ?? inReplyTo ?? messageId);
}
