import * as M from "@/lib/mailboxes/api-schemas";
import { operationsOf } from "./operations-of";
import type { Operation } from "./types";

const { del, get, patch, post } = operationsOf("Mailboxes");

export const mailboxOperations: Operation[] = [
  get("/api/v1/mailboxes", "List mailboxes with today's sends and limits", { response: M.MailboxList }),
  post(
    "/api/v1/mailboxes",
    "Connect an SMTP/IMAP mailbox (Google and Microsoft connect by OAuth in the app)",
    { body: M.CreateMailbox, response: M.Mailbox, status: 201, role: "admin" },
  ),
  post("/api/v1/mailboxes/test", "Log in to SMTP and IMAP with unsaved settings (nothing is stored)", {
    body: M.TestConnectionInput,
    response: M.ConnectionTestResult,
    role: "admin",
  }),
  get("/api/v1/mailboxes/{id}", "Get a mailbox", { response: M.Mailbox }),
  patch("/api/v1/mailboxes/{id}", "Change settings, limits, ramp-up, signature or credentials", {
    body: M.UpdateMailbox,
    response: M.Mailbox,
    role: "admin",
  }),
  del("/api/v1/mailboxes/{id}", "Disconnect a mailbox", { status: 204, role: "admin" }),
  post(
    "/api/v1/mailboxes/{id}/test",
    "Log in to SMTP and IMAP with the stored credentials; failures count towards stopping it",
    { response: M.TestedMailbox },
  ),
  post("/api/v1/mailboxes/{id}/pause", "Stop sending from the mailbox", { response: M.Mailbox }),
  post("/api/v1/mailboxes/{id}/resume", "Send from the mailbox again (also after an error, once fixed)", {
    response: M.Mailbox,
  }),
];
