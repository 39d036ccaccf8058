import type { z } from "zod";
import type { ConnectionTestResult, MailboxView } from "@/lib/mailboxes/api-schemas";

export type Mailbox = MailboxView;
export type TestResult = z.infer<typeof ConnectionTestResult>;
export type TlsMode = "tls" | "starttls" | "none";
export type ServerValues = { host: string; port: number | string; security: TlsMode };
