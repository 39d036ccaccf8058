import { apiRoute } from "@/lib/api/handler";
import { getDb } from "@/lib/db/client";
import { UpdateLeadList } from "@/lib/leads/api-schemas";
import { deleteList } from "@/lib/leads/delete-list";
import { getList } from "@/lib/leads/get-list";
import { renameList } from "@/lib/leads/rename-list";

export const GET = apiRoute({}, ({ caller, params }) => getList(getDb(), caller.workspaceId, params.id!));

export const PATCH = apiRoute({ body: UpdateLeadList }, ({ caller, params, body }) =>
  renameList(getDb(), caller.workspaceId, params.id!, body.name),
);

export const DELETE = apiRoute({ role: "admin", status: 204 }, ({ caller, params }) =>
  deleteList(getDb(), caller.workspaceId, params.id!),
);
