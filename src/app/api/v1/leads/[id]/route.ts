import { apiRoute } from "@/lib/api/handler";
import { getDb } from "@/lib/db/client";
import { notFound } from "@/lib/errors";
import { UpdateLead } from "@/lib/leads/api-schemas";
import { deleteLeads } from "@/lib/leads/delete-leads";
import { getLead } from "@/lib/leads/get-lead";
import { updateLead } from "@/lib/leads/update-lead";

export const GET = apiRoute({}, ({ caller, params }) => getLead(getDb(), caller.workspaceId, params.id!));

export const PATCH = apiRoute({ body: UpdateLead }, ({ caller, params, body }) =>
  updateLead(getDb(), caller.workspaceId, params.id!, body),
);

export const DELETE = apiRoute({ role: "admin", status: 204 }, async ({ caller, params }) => {
  if ((await deleteLeads(getDb(), caller.workspaceId, [params.id!])) === 0) throw notFound("lead");
});
