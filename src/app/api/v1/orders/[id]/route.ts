import { apiRoute } from "@/lib/api/handler";
import { getDb } from "@/lib/db/client";
import { getOrder } from "@/lib/domains/get-order";

export const GET = apiRoute({}, ({ caller, params }) => getOrder(getDb(), caller.workspaceId, params.id!));
