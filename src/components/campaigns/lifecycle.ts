import { api } from "@/components/ui/api";
import type { CampaignView } from "./types";

export type LifecycleAction = "launch" | "pause" | "resume";

/**
 * POST launch/pause/resume. A refused launch rejects with an ApiError whose `problems` hold every
 * reason at once, for the builder to show each beside what to do about it.
 */
export function changeStatus(id: string, action: LifecycleAction): Promise<CampaignView> {
  return api<CampaignView>(`/api/v1/campaigns/${id}/${action}`, { method: "POST" });
}
