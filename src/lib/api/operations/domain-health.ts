import * as H from "@/lib/domains/health-api-schemas";
import type { Operation } from "./types";

const tag = "Domain health";
export const domainHealthOperations: Operation[] = [
  {
    method: "get",
    path: "/api/v1/domains/overview",
    summary: "The workspace's domains with health score, state, age and SPF/DKIM/DMARC/MX marks",
    tag,
    response: H.DomainOverviewList,
  },
  {
    method: "get",
    path: "/api/v1/domains/{id}/health",
    summary:
      "The domain's latest health check (score out of 100, each part with the reason for every point lost), its age and the score history",
    tag,
    response: H.DomainHealth,
  },
  {
    method: "post",
    path: "/api/v1/domains/{id}/health/check",
    summary:
      "Check now: query every expected DNS record at the authoritative servers and resolvers, then run a health check; answers both",
    tag,
    response: H.DomainHealthCheckNow,
  },
];
