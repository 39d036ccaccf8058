import { apiRoute } from "@/lib/api/handler";
import { getDb } from "@/lib/db/client";
import { deleteProviderAccount } from "@/lib/registrars/delete-provider-account";

export const DELETE = apiRoute({ role: "admin", status: 204 }, ({ caller, params }) =>
  deleteProviderAccount(getDb(), caller.workspaceId, params.id!),
);
