import * as I from "@/lib/inbox/api-schemas";
import type { Operation } from "./types";

const tag = "Inbox";
export const inboxOperations: Operation[] = [
  {
    method: "get",
    path: "/api/v1/inbox/threads",
    summary: "Conversations across all mailboxes, newest first, with filters",
    tag,
    query: I.ThreadsQuery,
    response: I.ThreadPage,
  },
  {
    method: "get",
    path: "/api/v1/inbox/threads/{id}",
    summary: "A conversation: our emails and the replies in order",
    tag,
    response: I.Thread,
  },
  {
    method: "post",
    path: "/api/v1/inbox/threads/{id}/reply",
    summary:
      "Reply from the conversation's mailbox, threaded (recorded first; 503 with the reason if the SMTP server refuses it)",
    tag,
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
  {
    method: "patch",
    path: "/api/v1/inbox/messages/{id}",
    summary: "Change a message's category or intent by hand, or mark it read",
    tag,
    body: I.UpdateMessage,
    response: I.ThreadMessage,
  },
];
