import { apiRoute } from "@/lib/api/handler";
import { getDb } from "@/lib/db/client";
import { checkDomainDnsNow } from "@/lib/domains/domain-dns";

export const POST = apiRoute({}, ({ caller, params }) =>
  checkDomainDnsNow(getDb(), caller.workspaceId, params.id!),
);
