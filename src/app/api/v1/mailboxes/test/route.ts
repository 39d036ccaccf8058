import { apiRoute } from "@/lib/api/handler";
import { getDb } from "@/lib/db/client";
import { TestConnectionInput } from "@/lib/mailboxes/api-schemas";
import { testUnsavedMailbox } from "@/lib/mailboxes/test-unsaved-mailbox";

export const POST = apiRoute({ body: TestConnectionInput, role: "admin" }, ({ caller, body }) =>
  testUnsavedMailbox(getDb(), caller.workspaceId, body),
);
