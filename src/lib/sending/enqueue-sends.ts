import { producer } from "@/lib/queue/enqueue";
import { campaignSend } from "@/lib/queue/jobs";

/** A tick's emails in one insert (its budget is 2,000), in a few for a larger one. */
const BATCH = 5_000;

/**
 * Hand queued emails to send jobs in batches (one insert and commit per batch, not one round trip
 * each), each job starting `delayMs` from now: the time the scheduler planned for it, which keeps
 * the mailbox's gaps. The sent email's id is the job's singleton key, which the scan for lost jobs
 * looks for.
 */
export async function enqueueSends(sends: { sentEmailId: string; delayMs: number }[]): Promise<void> {
  if (!sends.length) return;
  const boss = await producer();
  for (let i = 0; i < sends.length; i += BATCH) {
    await boss.insert(
      campaignSend.name,
      sends.slice(i, i + BATCH).map((s) => ({
        data: campaignSend.payload.parse({ sentEmailId: s.sentEmailId }),
        singletonKey: s.sentEmailId,
        // seconds from the database's clock (pg-boss reads a number as an interval)
        startAfter: Math.max(0, Math.ceil(s.delayMs) / 1000),
      })),
    );
  }
}
