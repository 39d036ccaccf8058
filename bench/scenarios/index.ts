import type { Scenario } from "../lib/scenario";
import { apiKeyAuth } from "./api-key-auth";
import { campaignList } from "./campaign-list";
import { csvImport } from "./csv-import";
import { domainSearch } from "./domain-search";
import { inboxSync } from "./inbox-sync";
import { replyLinking } from "./reply-linking";
import { schedulerTick } from "./scheduler-tick";
import { send, sendQueue } from "./send";

/** Every scenario `npm run bench` runs, in this order. Add new ones here. */
export const scenarios: Scenario[] = [
  apiKeyAuth,
  schedulerTick,
  send,
  sendQueue,
  inboxSync,
  csvImport,
  replyLinking,
  domainSearch,
  campaignList,
];
