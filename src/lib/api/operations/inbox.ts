import * as I from "@/lib/inbox/api-schemas";
import { operationsOf } from "./operations-of";
import type { Operation } from "./types";

const { get, patch, post } = operationsOf("Inbox");

export const inboxOperations: Operation[] = [
  get("/api/v1/inbox/sync", "When each mailbox's INBOX was last read (mail is read every minute)", {
    response: I.InboxSyncStatus,
  }),
  post(
    "/api/v1/inbox/sync",
    "Check for new mail now: queue a sync of each active mailbox that can be read (or of one); wait for its lastSyncedAt to pass requestedAt",
    { body: I.SyncInboxBody, response: I.SyncInboxResult, status: 202 },
  ),
  get("/api/v1/inbox/threads", "Conversations across all mailboxes, newest first, with filters", {
    query: I.ThreadsQuery,
    response: I.ThreadPage,
  }),
  get("/api/v1/inbox/threads/{id}", "A conversation: our emails and the replies in order", {
    response: I.Thread,
  }),
  post(
    "/api/v1/inbox/threads/{id}/reply",
    "Reply from the conversation's mailbox, threaded (recorded first; 503 with the reason if the SMTP server refuses it)",
    {
      body: I.ReplyBody,
      headers: [
        {
          name: "Idempotency-Key",
          description:
            "any unique string: a request retried with the same key answers the first one's outcome and never sends twice (409 if used for a different reply)",
        },
      ],
      response: I.ThreadMessage,
      status: 201,
    },
  ),
  patch("/api/v1/inbox/messages/{id}", "Change a message's category or intent by hand, or mark it read", {
    body: I.UpdateMessage,
    response: I.ThreadMessage,
  }),
  get(
    "/api/v1/inbox/messages/{id}/link-suggestions",
    "Who an unlinked conversation most likely answers: leads written in it, an email with its subject, leads at the sender's domain",
    { response: I.LinkSuggestions },
  ),
  post(
    "/api/v1/inbox/messages/{id}/link",
    "Link an unlinked conversation to a lead by hand; it then acts as a linked message would (a reply stops the sequence)",
    { body: I.LinkMessageBody, response: I.Thread },
  ),
];
