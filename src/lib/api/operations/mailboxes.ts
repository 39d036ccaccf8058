import * as M from "@/lib/mailboxes/api-schemas";
import type { Operation } from "./types";

const tag = "Mailboxes";
export const mailboxOperations: Operation[] = [
  {
    method: "get",
    path: "/api/v1/mailboxes",
    summary: "List mailboxes with today's sends and limits",
    tag,
    response: M.MailboxList,
  },
  {
    method: "post",
    path: "/api/v1/mailboxes",
    role: "admin",
    summary: "Connect an SMTP/IMAP mailbox (Google and Microsoft connect by OAuth in the app)",
    tag,
    body: M.CreateMailbox,
    response: M.Mailbox,
    status: 201,
  },
  {
    method: "post",
    path: "/api/v1/mailboxes/test",
    role: "admin",
    summary: "Log in to SMTP and IMAP with unsaved settings (nothing is stored)",
    tag,
    body: M.TestConnectionInput,
    response: M.ConnectionTestResult,
  },
  { method: "get", path: "/api/v1/mailboxes/{id}", summary: "Get a mailbox", tag, response: M.Mailbox },
  {
    method: "patch",
    path: "/api/v1/mailboxes/{id}",
    role: "admin",
    summary: "Change settings, limits, ramp-up, signature or credentials",
    tag,
    body: M.UpdateMailbox,
    response: M.Mailbox,
  },
  {
    method: "delete",
    path: "/api/v1/mailboxes/{id}",
    role: "admin",
    summary: "Disconnect a mailbox",
    tag,
    status: 204,
  },
  {
    method: "post",
    path: "/api/v1/mailboxes/{id}/test",
    summary: "Log in to SMTP and IMAP with the stored credentials; failures count towards stopping it",
    tag,
    response: M.TestedMailbox,
  },
  {
    method: "post",
    path: "/api/v1/mailboxes/{id}/pause",
    summary: "Stop sending from the mailbox",
    tag,
    response: M.Mailbox,
  },
  {
    method: "post",
    path: "/api/v1/mailboxes/{id}/resume",
    summary: "Send from the mailbox again (also after an error, once fixed)",
    tag,
    response: M.Mailbox,
  },
];
