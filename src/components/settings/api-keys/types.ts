/** An API key as GET /api/v1/api-keys lists it (never the secret itself). */
export type ApiKey = {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
};
