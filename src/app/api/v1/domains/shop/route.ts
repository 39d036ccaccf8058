import { apiRoute } from "@/lib/api/handler";
import { getDb } from "@/lib/db/client";
import { shopReadiness } from "@/lib/domains/shop-readiness";

export const GET = apiRoute({}, async ({ caller }) => shopReadiness(getDb(), caller.workspaceId));
