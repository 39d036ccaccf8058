import { apiRoute } from "@/lib/api/handler";
import { getDb } from "@/lib/db/client";
import { DnsSettingsInput } from "@/lib/domains/api-schemas";
import { updateDnsSettings } from "@/lib/domains/domain-dns";

export const PUT = apiRoute({ body: DnsSettingsInput, role: "admin" }, ({ caller, params, body }) =>
  updateDnsSettings(getDb(), caller.workspaceId, params.id!, body),
);
