import { z } from "zod";
import { mailboxProviders, mailboxStatuses, sentCopyModes, tlsModes } from "@/lib/db/schema/mailboxes";

// Request and response shapes of /api/v1/mailboxes: routes parse with them, the OpenAPI document
// is generated from them, and the dashboard's forms send exactly these.

const host = z
  .string()
  .trim()
  .min(1, { error: "enter the server's host name, e.g. smtp.example.com", abort: true })
  .max(253)
  .regex(/^[A-Za-z0-9.-]+$|^\[?[0-9a-fA-F:.]+\]?$/, "a host name such as smtp.example.com, or an IP address");
const port = z
  .number({ error: "a port number (1–65535)" })
  .int("a port number (1–65535)")
  .min(1, "ports run from 1 to 65535")
  .max(65535, "ports run from 1 to 65535");
const security = z.enum(tlsModes, { error: "tls (implicit, 465/993), starttls (587/143) or none" });
const limit = (what: string, max: number) =>
  z
    .number({ error: `${what}: a whole number` })
    .int(`${what}: a whole number`)
    .min(1, `${what} must be at least 1`)
    .max(max, `${what} can be at most ${max}`);
const gap = z
  .number({ error: "minutes: a whole number" })
  .int("minutes: a whole number")
  .min(0, "a gap cannot be negative")
  .max(24 * 60, "a gap can be at most 1440 minutes (a day)");

export const email = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email("a valid email address, e.g. alex@example.com"));

/** One protocol's server and login. The password is write-only: never part of a response. */
const ServerInput = z.strictObject({
  host,
  port,
  security,
  /** defaults to the mailbox's email */
  user: z.string().trim().max(320).optional(),
  password: z.string().max(1000).optional(),
});

export const MailboxLimits = z.strictObject({
  fromName: z.string().trim().max(120),
  dailyLimit: limit("daily limit", 10_000),
  minGapMinutes: gap,
  maxGapMinutes: gap,
  rampEnabled: z.boolean(),
  rampStart: limit("ramp-up start", 10_000),
  rampIncrement: limit("ramp-up increment", 10_000),
  signatureHtml: z.string().max(20_000),
  sentCopy: z
    .enum(sentCopyModes)
    .describe(
      "a copy of each campaign email in the mailbox's Sent folder over IMAP: auto (custom servers yes; Gmail and Microsoft 365 file their own), on, off",
    ),
});

const gapsInOrder = (m: { minGapMinutes?: number; maxGapMinutes?: number }) =>
  m.minGapMinutes === undefined || m.maxGapMinutes === undefined || m.minGapMinutes <= m.maxGapMinutes;
const gapMessage = { message: "the minimum gap must not exceed the maximum gap", path: ["minGapMinutes"] };

export const CreateMailbox = MailboxLimits.partial()
  .extend({
    email,
    smtp: ServerInput.extend({ password: z.string().min(1, "enter the SMTP password").max(1000) }),
    /** the IMAP password defaults to the SMTP password */
    imap: ServerInput,
  })
  .refine(gapsInOrder, gapMessage)
  .meta({ id: "CreateMailbox" });
export type CreateMailboxInput = z.infer<typeof CreateMailbox>;

export const UpdateMailbox = MailboxLimits.partial()
  .extend({
    email: email.optional(),
    /** leave out `password` (or send "") to keep the stored one */
    smtp: ServerInput.partial().optional(),
    imap: ServerInput.partial().optional(),
    /** true restarts the ramp-up from its start value today */
    restartRamp: z.boolean().optional(),
  })
  .refine(gapsInOrder, gapMessage)
  .meta({ id: "UpdateMailbox" });
export type UpdateMailboxInput = z.infer<typeof UpdateMailbox>;

/** "Test" before saving: the form's values; a blank password of a saved mailbox uses the stored one. */
export const TestConnectionInput = z
  .strictObject({
    email,
    smtp: ServerInput,
    imap: ServerInput,
    mailboxId: z.string().optional(),
  })
  .meta({ id: "TestConnectionInput" });
export type TestConnectionInputType = z.infer<typeof TestConnectionInput>;

const ProtocolResult = z.object({
  ok: z.boolean(),
  error: z.string().nullable().describe("what went wrong, for people: 'authentication failed …'"),
  kind: z.enum(["auth", "connection", "tls", "timeout", "protocol", "config"]).nullable(),
});
export const ConnectionTestResult = z
  .object({ ok: z.boolean(), smtp: ProtocolResult, imap: ProtocolResult })
  .meta({ id: "ConnectionTestResult" });

const ServerView = z.object({
  host: z.string().nullable(),
  port: z.number().nullable(),
  security: z.enum(tlsModes).nullable(),
  user: z.string().nullable(),
});

export const Mailbox = z
  .object({
    id: z.string(),
    email: z.string(),
    fromName: z.string(),
    provider: z.enum(mailboxProviders),
    smtp: ServerView,
    imap: ServerView,
    hasPassword: z.boolean().describe("a password is stored (it is never returned)"),
    oauthConnected: z.boolean(),
    dailyLimit: z.number(),
    todayLimit: z.number().describe("today's limit after ramp-up"),
    sentToday: z.number(),
    minGapMinutes: z.number(),
    maxGapMinutes: z.number(),
    rampEnabled: z.boolean(),
    rampStart: z.number(),
    rampIncrement: z.number(),
    rampStartedAt: z.string().nullable(),
    signatureHtml: z.string(),
    sentCopy: z.enum(sentCopyModes),
    sentCopyActive: z.boolean().describe("whether Coldframe appends copies to this mailbox's Sent folder"),
    status: z.enum(mailboxStatuses),
    statusReason: z.string().nullable(),
    authFailures: z.number(),
    lastSentAt: z.string().nullable(),
    nextSendAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: "Mailbox" });
export type MailboxView = z.infer<typeof Mailbox>;

export const MailboxList = z.object({ data: z.array(Mailbox) }).meta({ id: "MailboxList" });

export const TestedMailbox = z
  .object({ result: ConnectionTestResult, mailbox: Mailbox })
  .meta({ id: "TestedMailbox" });
