import { apiRoute } from "@/lib/api/handler";
import { getDb } from "@/lib/db/client";
import { addLeadsToList, requireList } from "@/lib/leads/add-leads-to-list";
import { LeadIds, LeadQuery } from "@/lib/leads/api-schemas";
import { listLeads } from "@/lib/leads/list-leads";
import { removeFromList } from "@/lib/leads/remove-from-list";

export const GET = apiRoute({ query: LeadQuery }, async ({ caller, params, query }) => {
  await requireList(getDb(), caller.workspaceId, params.id!);
  return listLeads(getDb(), { workspaceId: caller.workspaceId, ...query, listId: params.id! });
});

export const POST = apiRoute({ body: LeadIds, status: 201 }, ({ caller, params, body }) =>
  addLeadsToList(getDb(), { workspaceId: caller.workspaceId, listId: params.id!, leadIds: body.leadIds }),
);

export const DELETE = apiRoute({ body: LeadIds }, ({ caller, params, body }) =>
  removeFromList(getDb(), { workspaceId: caller.workspaceId, listId: params.id!, leadIds: body.leadIds }),
);
