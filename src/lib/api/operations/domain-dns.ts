import * as D from "@/lib/domains/api-schemas";
import { operationsOf } from "./operations-of";
import type { Operation } from "./types";

const { get, post, put } = operationsOf("Domain DNS");

export const domainDnsOperations: Operation[] = [
  get(
    "/api/v1/domains/{id}/dns",
    "The domain's DNS: mode, provider, nameservers, setup progress, expected records with each server's answer",
    { response: D.DomainDns },
  ),
  put(
    "/api/v1/domains/{id}/dns/settings",
    "Set SPF/DMARC/MX choices and apply them (setup again, or new records to paste) (admin)",
    { body: D.DnsSettingsInput, response: D.DomainDns, role: "admin" },
  ),
  post(
    "/api/v1/domains/{id}/dns/setup",
    "Run DNS setup again through the domain's DNS provider (managed DNS; admin)",
    { response: D.DomainDns, status: 202, role: "admin" },
  ),
  post(
    "/api/v1/domains/{id}/dns/check",
    "Query every expected record at the authoritative servers and resolvers now",
    { response: D.DomainDns },
  ),
];
