import { apiRoute } from "@/lib/api/handler";
import { getDb } from "@/lib/db/client";
import { removeSuppression } from "@/lib/leads/remove-suppression";

// Lifting a suppression means emailing someone who asked not to be: owners and admins only.
export const DELETE = apiRoute({ role: "admin", status: 204 }, ({ caller, params }) =>
  removeSuppression(getDb(), caller.workspaceId, params.id!),
);
