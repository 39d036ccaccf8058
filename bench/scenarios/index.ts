import type { Scenario } from "../lib/scenario";
import { apiKeyAuth } from "./api-key-auth";
import { inboxSync } from "./inbox-sync";
import { replyLinking } from "./reply-linking";

/** Every scenario `npm run bench` runs, in this order. Add new ones here. */
export const scenarios: Scenario[] = [apiKeyAuth, inboxSync, replyLinking];
