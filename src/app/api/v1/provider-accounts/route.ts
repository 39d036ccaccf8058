import { apiRoute } from "@/lib/api/handler";
import { getDb } from "@/lib/db/client";
import { CreateProviderAccount } from "@/lib/registrars/api-schemas";
import { createProviderAccount } from "@/lib/registrars/create-provider-account";
import { listProviderAccounts } from "@/lib/registrars/list-provider-accounts";

export const GET = apiRoute({}, async ({ caller }) => ({
  data: await listProviderAccounts(getDb(), caller.workspaceId),
}));

export const POST = apiRoute(
  { body: CreateProviderAccount, role: "admin", status: 201 },
  ({ caller, body }) => createProviderAccount(getDb(), caller.workspaceId, body),
);
