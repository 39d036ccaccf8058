import * as D from "@/lib/domains/api-schemas";
import { operationsOf } from "./operations-of";
import type { Operation } from "./types";

const { del, get, patch, post } = operationsOf("Domains");

export const domainOperations: Operation[] = [
  get("/api/v1/domains", "The workspace's sending domains", { response: D.SendingDomainList }),
  post("/api/v1/domains", "Add a sending domain you own, optionally with a custom tracking host (admin)", {
    body: D.AddDomain,
    response: D.SendingDomain,
    status: 201,
    role: "admin",
  }),
  get("/api/v1/domains/{id}", "Get a sending domain", { response: D.SendingDomain }),
  patch("/api/v1/domains/{id}", "Set or clear the custom tracking host (admin)", {
    body: D.UpdateDomain,
    response: D.SendingDomain,
    role: "admin",
  }),
  del("/api/v1/domains/{id}", "Remove a sending domain (admin)", { status: 204, role: "admin" }),
  post(
    "/api/v1/domains/{id}/renewal/charge",
    "Renew now / retry the renewal charge with the saved card; when paid, auto-renew goes back on at the registrar (admin)",
    { response: D.RenewalChargeResult, role: "admin" },
  ),
];
