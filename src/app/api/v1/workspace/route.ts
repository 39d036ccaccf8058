import { apiRoute } from "@/lib/api/handler";
import { UpdateWorkspace } from "@/lib/api/schemas";
import { getDb } from "@/lib/db/client";
import { getWorkspace } from "@/lib/workspaces/get-workspace";
import { renameWorkspace } from "@/lib/workspaces/rename-workspace";

export const GET = apiRoute({}, ({ caller }) => getWorkspace(getDb(), caller.workspaceId));

export const PATCH = apiRoute({ body: UpdateWorkspace, role: "admin" }, ({ caller, body }) =>
  renameWorkspace(getDb(), caller.workspaceId, body.name),
);
