import { apiRoute } from "@/lib/api/handler";
import { getDb } from "@/lib/db/client";
import { startDnsSetup } from "@/lib/domains/domain-dns";

export const POST = apiRoute({ role: "admin" }, async ({ caller, params }) =>
  Response.json(await startDnsSetup(getDb(), caller.workspaceId, params.id!), { status: 202 }),
);
