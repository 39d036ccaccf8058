import { apiRoute } from "@/lib/api/handler";
import { getDb } from "@/lib/db/client";
import { AddDomain } from "@/lib/domains/api-schemas";
import { addDomain, listDomains } from "@/lib/domains/sending-domains";

export const GET = apiRoute({}, async ({ caller }) => ({
  data: await listDomains(getDb(), caller.workspaceId),
}));

export const POST = apiRoute({ body: AddDomain, role: "admin", status: 201 }, ({ caller, body }) =>
  addDomain(getDb(), caller.workspaceId, body),
);
