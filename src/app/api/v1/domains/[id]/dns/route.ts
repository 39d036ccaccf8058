import { apiRoute } from "@/lib/api/handler";
import { getDb } from "@/lib/db/client";
import { getDomainDns } from "@/lib/domains/get-domain-dns";

export const GET = apiRoute({}, ({ caller, params }) =>
  getDomainDns(getDb(), caller.workspaceId, params.id!),
);
