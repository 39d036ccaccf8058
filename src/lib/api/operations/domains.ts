import * as D from "@/lib/domains/api-schemas";
import type { Operation } from "./types";

const tag = "Domains";
export const domainOperations: Operation[] = [
  {
    method: "get",
    path: "/api/v1/domains",
    summary: "The workspace's sending domains",
    tag,
    response: D.SendingDomainList,
  },
  {
    method: "post",
    path: "/api/v1/domains",
    role: "admin",
    summary: "Add a sending domain you own, optionally with a custom tracking host (admin)",
    tag,
    body: D.AddDomain,
    response: D.SendingDomain,
    status: 201,
  },
  {
    method: "get",
    path: "/api/v1/domains/{id}",
    summary: "Get a sending domain",
    tag,
    response: D.SendingDomain,
  },
  {
    method: "patch",
    path: "/api/v1/domains/{id}",
    role: "admin",
    summary: "Set or clear the custom tracking host (admin)",
    tag,
    body: D.UpdateDomain,
    response: D.SendingDomain,
  },
  {
    method: "delete",
    path: "/api/v1/domains/{id}",
    role: "admin",
    summary: "Remove a sending domain (admin)",
    tag,
    status: 204,
  },
];
