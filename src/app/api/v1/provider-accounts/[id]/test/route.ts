import { apiRoute } from "@/lib/api/handler";
import { getDb } from "@/lib/db/client";
import { testProviderAccount } from "@/lib/registrars/test-provider-account";

/** Answers 200 either way: a refused connection is a result to show, not a failed request. */
export const POST = apiRoute({ role: "admin" }, ({ caller, params }) =>
  testProviderAccount(getDb(), caller.workspaceId, params.id!),
);
