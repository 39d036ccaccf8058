import { apiRoute } from "@/lib/api/handler";
import { getDb } from "@/lib/db/client";
import { updateDnsSettings } from "@/lib/dns/domain-dns";
import { DnsSettingsInput } from "@/lib/domains/api-schemas";

export const PUT = apiRoute({ body: DnsSettingsInput, role: "admin" }, ({ caller, params, body }) =>
  updateDnsSettings(getDb(), caller.workspaceId, params.id!, body),
);
