import { randomBytes } from "node:crypto";

export const generateWebhookSecret = () => `whsec_${randomBytes(32).toString("base64url")}`;
