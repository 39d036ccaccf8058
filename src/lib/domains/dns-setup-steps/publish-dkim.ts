import { publishPurpose } from "./publish-purpose";
import type { StepContext } from "./step-context";

/** Step "DKIM": the public key's TXT record at <selector>._domainkey. */
export const publishDkim = (ctx: StepContext) => publishPurpose(ctx, "dkim", "nothing to publish");
