import { apiRoute } from "@/lib/api/handler";
import { getDb } from "@/lib/db/client";
import { listOrders } from "@/lib/domains/list-orders";

export const GET = apiRoute({}, ({ caller }) => listOrders(getDb(), caller.workspaceId));
