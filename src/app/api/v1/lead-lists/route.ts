import { apiRoute } from "@/lib/api/handler";
import { getDb } from "@/lib/db/client";
import { CreateLeadList } from "@/lib/leads/api-schemas";
import { createList } from "@/lib/leads/create-list";
import { listLists } from "@/lib/leads/list-lists";

export const GET = apiRoute({}, async ({ caller }) => ({
  data: await listLists(getDb(), caller.workspaceId),
}));

export const POST = apiRoute({ body: CreateLeadList, status: 201 }, ({ caller, body }) =>
  createList(getDb(), { workspaceId: caller.workspaceId, name: body.name }),
);
