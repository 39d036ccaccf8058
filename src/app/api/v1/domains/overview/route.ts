import { apiRoute } from "@/lib/api/handler";
import { getDb } from "@/lib/db/client";
import { listDomainsOverview } from "@/lib/domains/list-domains-overview";
import { platformDnsName } from "@/lib/domains/platform-dns-name";

export const GET = apiRoute({}, async ({ caller }) => ({
  data: await listDomainsOverview(getDb(), caller.workspaceId),
  platformDnsProvider: platformDnsName(),
}));
