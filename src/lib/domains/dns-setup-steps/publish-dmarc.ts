import { publishPurpose } from "./publish-purpose";
import type { StepContext } from "./step-context";

/** Step "DMARC": the policy's TXT record at _dmarc. */
export const publishDmarc = (ctx: StepContext) => publishPurpose(ctx, "dmarc", "nothing to publish");
