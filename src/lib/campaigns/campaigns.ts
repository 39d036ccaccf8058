// Transitional: src/lib/campaigns/campaign-leads.ts (being rewritten on another branch) still
// imports from here. Once it imports ./get-campaign-row, delete this file.
export { getCampaignRow } from "./get-campaign-row";
