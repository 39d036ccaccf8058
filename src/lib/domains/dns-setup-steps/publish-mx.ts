import { publishPurpose } from "./publish-purpose";
import type { StepContext } from "./step-context";

/** Step "MX": the chosen preset's mail servers; without a preset the zone's MX is not touched. */
export const publishMx = (ctx: StepContext) =>
  publishPurpose(ctx, "mx", "no MX preset chosen: MX records published elsewhere are left as they are");
