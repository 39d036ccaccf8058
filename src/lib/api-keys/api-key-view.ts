import type { apiKeys } from "@/lib/db/schema";

export type ApiKeyView = {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  /** who created the key; the key acts with this person's current role, and dies with their membership */
  createdBy: { id: string; name: string; email: string; isMember: boolean } | null;
};

type ApiKeyRow = {
  key: typeof apiKeys.$inferSelect;
  creator: { id: string; name: string; email: string } | null;
  memberId: string | null;
};

export const toApiKeyView = ({ key: k, creator, memberId }: ApiKeyRow): ApiKeyView => ({
  id: k.id,
  name: k.name,
  prefix: k.prefix,
  createdAt: k.createdAt.toISOString(),
  lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
  revokedAt: k.revokedAt?.toISOString() ?? null,
  createdBy: creator ? { ...creator, isMember: memberId !== null } : null,
});
