import { apiRoute } from "@/lib/api/handler";
import { getDb } from "@/lib/db/client";
import { checkDomainHealthNow } from "@/lib/domains/health-check-now";

// 200, not 201: a check reads DNS and records its result; the body is the domain's health now.
export const POST = apiRoute({}, ({ caller, params }) =>
  checkDomainHealthNow(getDb(), caller.workspaceId, params.id!),
);
