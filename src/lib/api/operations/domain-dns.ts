import * as D from "@/lib/domains/api-schemas";
import type { Operation } from "./types";

const tag = "Domain DNS";
export const domainDnsOperations: Operation[] = [
  {
    method: "get",
    path: "/api/v1/domains/{id}/dns",
    summary:
      "The domain's DNS: mode, provider, nameservers, setup progress, expected records with each server's answer",
    tag,
    response: D.DomainDns,
  },
  {
    method: "put",
    path: "/api/v1/domains/{id}/dns/settings",
    role: "admin",
    summary: "Set SPF/DMARC/MX choices and apply them (setup again, or new records to paste) (admin)",
    tag,
    body: D.DnsSettingsInput,
    response: D.DomainDns,
  },
  {
    method: "post",
    path: "/api/v1/domains/{id}/dns/setup",
    role: "admin",
    summary: "Run DNS setup again through the domain's DNS provider (managed DNS; admin)",
    tag,
    response: D.DomainDns,
    status: 202,
  },
  {
    method: "post",
    path: "/api/v1/domains/{id}/dns/check",
    summary: "Query every expected record at the authoritative servers and resolvers now",
    tag,
    response: D.DomainDns,
  },
];
