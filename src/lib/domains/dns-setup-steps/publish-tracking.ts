import { publishPurpose } from "./publish-purpose";
import type { StepContext } from "./step-context";

/** Step "Tracking CNAME": the tracking host pointed at this server. */
export const publishTracking = (ctx: StepContext) => publishPurpose(ctx, "tracking", "nothing to publish");
