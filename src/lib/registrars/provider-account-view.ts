import type { ProviderAccount } from "@/lib/db/schema";
import type { ProviderAccountView, ProviderId } from "./provider-account-types";

export function providerAccountView(a: ProviderAccount): ProviderAccountView {
  return {
    id: a.id,
    kind: a.kind,
    provider: a.provider as ProviderId,
    label: a.label,
    config: a.config,
    status: a.status,
    lastError: a.lastError,
    lastTestedAt: a.lastTestedAt?.toISOString() ?? null,
    createdAt: a.createdAt.toISOString(),
  };
}
