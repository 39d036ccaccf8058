import { apiRoute } from "@/lib/api/handler";
import { getDb } from "@/lib/db/client";
import { startDnsSetup } from "@/lib/domains/start-dns-setup";

export const POST = apiRoute({ role: "admin", status: 202 }, ({ caller, params }) =>
  startDnsSetup(getDb(), caller.workspaceId, params.id!),
);
