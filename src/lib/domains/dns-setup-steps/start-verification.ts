import { eq } from "drizzle-orm";
import { domains } from "@/lib/db/schema";
import { enqueue } from "@/lib/queue/enqueue";
import { storeExpectedRecords } from "../store-expected-records";
import type { SetupProgress } from "./setup-progress";
import type { StepContext } from "./step-context";

/**
 * Step "Propagation" begins: the expected records stored, the domain verifying_dns, and the
 * verification job (domains.verify-dns) takes over from here.
 */
export async function startVerification(ctx: StepContext, progress: SetupProgress): Promise<void> {
  await storeExpectedRecords(ctx.db, ctx.domain, ctx.desired);
  await progress.start("verify", "waiting for the records to show at every server");
  progress.value.finishedAt = new Date().toISOString();
  await ctx.db
    .update(domains)
    .set({
      status: "verifying_dns",
      statusReason: null,
      dnsProgress: progress.value,
      dnsVerifyStartedAt: new Date(),
      updatedAt: new Date(),
    })
    .where(eq(domains.id, ctx.domain.id));
  await enqueue(
    "domains.verify-dns",
    { domainId: ctx.domain.id },
    { singletonKey: `verify-dns:${ctx.domain.id}` },
  );
}
