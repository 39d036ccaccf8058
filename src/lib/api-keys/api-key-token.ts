import { createHash, randomBytes } from "node:crypto";

/** A key's token: this prefix and 32 random bytes. The database keeps only its SHA-256. */
export const API_KEY_PREFIX = "cf_";

export function generateApiKeyToken(): string {
  return `${API_KEY_PREFIX}${randomBytes(32).toString("base64url")}`;
}

export function hashApiKey(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
