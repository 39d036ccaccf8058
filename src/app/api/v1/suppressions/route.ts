import { apiRoute } from "@/lib/api/handler";
import { getDb } from "@/lib/db/client";
import { addSuppression } from "@/lib/leads/add-suppression";
import { CreateSuppression, SuppressionQuery } from "@/lib/leads/api-schemas";
import { listSuppressions } from "@/lib/leads/list-suppressions";

export const GET = apiRoute({ query: SuppressionQuery }, ({ caller, query }) =>
  listSuppressions(getDb(), { workspaceId: caller.workspaceId, ...query }),
);

export const POST = apiRoute({ body: CreateSuppression, status: 201 }, ({ caller, body }) =>
  addSuppression(getDb(), {
    workspaceId: caller.workspaceId,
    ...body,
    source: caller.via === "api_key" ? "api" : "manual",
  }),
);
