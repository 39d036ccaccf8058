import { apiRoute } from "@/lib/api/handler";
import { getDb } from "@/lib/db/client";
import { checkDomainDnsNow } from "@/lib/domains/check-domain-dns-now";

export const POST = apiRoute({}, ({ caller, params }) =>
  checkDomainDnsNow(getDb(), caller.workspaceId, params.id!),
);
