import { ApiError } from "@/components/ui/api";
import type { CampaignView } from "./types";

export type LifecycleAction = "launch" | "pause" | "resume";

/** A refused launch: the API's message plus every reason it gave, one per line. */
export class LaunchRefused extends ApiError {
  constructor(
    status: number,
    code: string,
    message: string,
    readonly problems: string[],
  ) {
    super(status, code, message);
    this.name = "LaunchRefused";
  }
}

/**
 * POST launch/pause/resume. Unlike the shared `api()` helper this keeps the `problems` list a
 * refused launch answers with, so the builder can show each one beside what to do about it.
 */
export async function changeStatus(id: string, action: LifecycleAction): Promise<CampaignView> {
  const res = await fetch(`/api/v1/campaigns/${id}/${action}`, {
    method: "POST",
    credentials: "same-origin",
  });
  const json = (await res.json().catch(() => null)) as
    | (CampaignView & { error?: undefined })
    | { error?: { code?: string; message?: string; problems?: string[] } }
    | null;
  if (!res.ok || !json || json.error) {
    const error = json?.error ?? {};
    throw new LaunchRefused(
      res.status,
      error.code ?? "internal",
      error.message ?? `request failed (${res.status})`,
      error.problems ?? [],
    );
  }
  return json as CampaignView;
}
