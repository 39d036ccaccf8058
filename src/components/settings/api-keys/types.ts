/** An API key as GET /api/v1/api-keys lists it (never the secret itself). */
export type ApiKey = {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  /** the key acts with this person's current role and stops when they leave the workspace */
  createdBy: { id: string; name: string; email: string; isMember: boolean } | null;
};
