import * as C from "@/lib/campaigns/api-schemas";
import { operationsOf } from "./operations-of";
import type { Operation } from "./types";

const { del, get, patch, post } = operationsOf("Campaigns");

export const campaignOperations: Operation[] = [
  get(
    "/api/v1/campaigns",
    "List campaigns with counts, newest first, a page at a time (`limit`, then the page's `next` as `startingAfter`)",
    { query: C.CampaignListQuery, response: C.CampaignList },
  ),
  post("/api/v1/campaigns", "Create a campaign (settings, steps with A/B/C variants, mailboxes)", {
    body: C.CreateCampaign,
    response: C.Campaign,
    status: 201,
  }),
  get("/api/v1/campaigns/{id}", "Get a campaign", { response: C.Campaign }),
  patch("/api/v1/campaigns/{id}", "Update settings, steps (paused or draft) and mailboxes", {
    body: C.UpdateCampaign,
    response: C.Campaign,
  }),
  del("/api/v1/campaigns/{id}", "Delete a campaign that is not active", { status: 204, role: "admin" }),
  get("/api/v1/campaigns/{id}/leads", "The campaign's leads with their status", {
    query: C.CampaignLeadsQuery,
    response: C.CampaignLeadPage,
  }),
  post("/api/v1/campaigns/{id}/leads", "Add leads (by id or a whole list)", {
    body: C.AddCampaignLeads,
    response: C.AddedCampaignLeads,
    status: 201,
  }),
  get(
    "/api/v1/campaigns/{id}/launch-preview",
    "What launching would do: leads, emails, each mailbox's pace, daily volume, first and last send at that pace, and any problem launch would refuse",
    { response: C.LaunchPreview },
  ),
  post(
    "/api/v1/campaigns/{id}/launch",
    "Launch: refuses with every problem listed (no mailboxes, no leads, missing variables…)",
    { response: C.Campaign },
  ),
  post("/api/v1/campaigns/{id}/pause", "Pause sending", { response: C.Campaign }),
  post("/api/v1/campaigns/{id}/resume", "Resume a paused campaign", { response: C.Campaign }),
  get("/api/v1/campaigns/{id}/preview", "A step rendered for a real lead", {
    query: C.PreviewQuery,
    response: C.Preview,
  }),
  get(
    "/api/v1/campaigns/{id}/analytics",
    "Sent, opened, clicked, replied, bounced, unsubscribed: totals, per step, variant and day",
    { response: C.Analytics },
  ),
];
