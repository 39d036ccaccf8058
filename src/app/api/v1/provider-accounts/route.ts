import { apiRoute } from "@/lib/api/handler";
import { getDb } from "@/lib/db/client";
import { createProviderAccount, listProviderAccounts } from "@/lib/registrars/accounts";
import { CreateProviderAccount } from "@/lib/registrars/api-schemas";

export const GET = apiRoute({}, async ({ caller }) => ({
  data: await listProviderAccounts(getDb(), caller.workspaceId),
}));

export const POST = apiRoute(
  { body: CreateProviderAccount, role: "admin", status: 201 },
  ({ caller, body }) => createProviderAccount(getDb(), caller.workspaceId, body),
);
