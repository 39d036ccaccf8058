import { apiRoute } from "@/lib/api/handler";
import { getDb } from "@/lib/db/client";
import { CreateLead, LeadQuery } from "@/lib/leads/api-schemas";
import { createLead } from "@/lib/leads/create-lead";
import { listLeads } from "@/lib/leads/list-leads";

export const GET = apiRoute({ query: LeadQuery }, ({ caller, query }) =>
  listLeads(getDb(), { workspaceId: caller.workspaceId, ...query }),
);

export const POST = apiRoute({ body: CreateLead, status: 201 }, ({ caller, body }) =>
  createLead(getDb(), { workspaceId: caller.workspaceId, ...body }),
);
