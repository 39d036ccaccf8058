import { apiRoute } from "@/lib/api/handler";
import { getDb } from "@/lib/db/client";
import { retryRenewalCharge } from "@/lib/domains/renewals/retry-renewal-charge";

// 200 for a decline too: the charge was made and refused; the body says so (outcome: "failed")
export const POST = apiRoute({ role: "admin" }, ({ caller, params }) =>
  retryRenewalCharge(getDb(), caller.workspaceId, params.id!),
);
