import type { Scenario } from "../lib/scenario";
import { apiKeyAuth } from "./api-key-auth";
import { campaignList } from "./campaign-list";
import { csvImport } from "./csv-import";
import { domainSearch } from "./domain-search";

/** Every scenario `npm run bench` runs, in this order. Add new ones here. */
export const scenarios: Scenario[] = [apiKeyAuth, csvImport, domainSearch, campaignList];
