import { apiRoute } from "@/lib/api/handler";
import { getDb } from "@/lib/db/client";
import { UpdateDomain } from "@/lib/domains/api-schemas";
import { getDomain } from "@/lib/domains/get-domain";
import { removeDomain } from "@/lib/domains/remove-domain";
import { setTrackingHost } from "@/lib/domains/set-tracking-host";

export const GET = apiRoute({}, ({ caller, params }) => getDomain(getDb(), caller.workspaceId, params.id!));

export const PATCH = apiRoute({ body: UpdateDomain, role: "admin" }, ({ caller, params, body }) =>
  setTrackingHost(getDb(), caller.workspaceId, params.id!, body.trackingHost),
);

export const DELETE = apiRoute({ role: "admin", status: 204 }, ({ caller, params }) =>
  removeDomain(getDb(), caller.workspaceId, params.id!),
);
