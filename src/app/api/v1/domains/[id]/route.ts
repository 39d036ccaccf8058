import { apiRoute } from "@/lib/api/handler";
import { getDb } from "@/lib/db/client";
import { UpdateDomain } from "@/lib/domains/api-schemas";
import { getDomain, removeDomain, setTrackingHost } from "@/lib/domains/sending-domains";

export const GET = apiRoute({}, ({ caller, params }) => getDomain(getDb(), caller.workspaceId, params.id!));

export const PATCH = apiRoute({ body: UpdateDomain, role: "admin" }, ({ caller, params, body }) =>
  setTrackingHost(getDb(), caller.workspaceId, params.id!, body.trackingHost),
);

export const DELETE = apiRoute({ role: "admin", status: 204 }, ({ caller, params }) =>
  removeDomain(getDb(), caller.workspaceId, params.id!),
);
