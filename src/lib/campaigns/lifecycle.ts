// Transitional: src/lib/sending (being rewritten on another branch) still imports from here. Once
// it imports the file named after the function, delete this file.
export { completeFinishedCampaigns } from "./complete-finished-campaigns";
