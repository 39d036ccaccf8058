import { apiRoute } from "@/lib/api/handler";
import { getDb } from "@/lib/db/client";
import { addDomain } from "@/lib/domains/add-domain";
import { AddDomain } from "@/lib/domains/api-schemas";
import { listDomains } from "@/lib/domains/list-domains";

export const GET = apiRoute({}, async ({ caller }) => ({
  data: await listDomains(getDb(), caller.workspaceId),
}));

export const POST = apiRoute({ body: AddDomain, role: "admin", status: 201 }, ({ caller, body }) =>
  addDomain(getDb(), caller.workspaceId, body),
);
