import * as H from "@/lib/domains/health-api-schemas";
import { operationsOf } from "./operations-of";
import type { Operation } from "./types";

const { get, post } = operationsOf("Domain health");

export const domainHealthOperations: Operation[] = [
  get(
    "/api/v1/domains/overview",
    "The workspace's domains with health score, state, age and SPF/DKIM/DMARC/MX marks",
    { response: H.DomainOverviewList },
  ),
  get(
    "/api/v1/domains/{id}/health",
    "The domain's latest health check (score out of 100, each part with the reason for every point lost), its age and the score history",
    { response: H.DomainHealth },
  ),
  post(
    "/api/v1/domains/{id}/health/check",
    "Check now: query every expected DNS record at the authoritative servers and resolvers, then run a health check; answers both",
    { response: H.DomainHealthCheckNow },
  ),
];
