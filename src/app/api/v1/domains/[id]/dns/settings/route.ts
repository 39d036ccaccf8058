import { apiRoute } from "@/lib/api/handler";
import { getDb } from "@/lib/db/client";
import { DnsSettingsInput } from "@/lib/domains/api-schemas";
import { updateDnsSettings } from "@/lib/domains/update-dns-settings";

export const PUT = apiRoute({ body: DnsSettingsInput, role: "admin" }, ({ caller, params, body }) =>
  updateDnsSettings(getDb(), caller.workspaceId, params.id!, body),
);
