import { apiRoute } from "@/lib/api/handler";
import { getDb } from "@/lib/db/client";
import { listDomainsOverview, platformDnsName } from "@/lib/domains/health-views";

export const GET = apiRoute({}, async ({ caller }) => ({
  data: await listDomainsOverview(getDb(), caller.workspaceId),
  platformDnsProvider: platformDnsName(),
}));
