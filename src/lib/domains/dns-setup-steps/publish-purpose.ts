import type { DesiredRecord } from "@/lib/dns/records";
import type { StepContext } from "./step-context";
import { syncRecordSet, toDnsRecord } from "./sync-record-set";

/**
 * Publish the one record set of `purpose` (DKIM, DMARC, MX, tracking); `none` is what the step
 * says when there is nothing to publish.
 */
export async function publishPurpose(
  ctx: StepContext,
  purpose: DesiredRecord["purpose"],
  none: string,
): Promise<string> {
  const records = ctx.desired.filter((r) => r.purpose === purpose);
  if (records.length === 0) return none;
  const { name, type } = records[0]!;
  const changed = await syncRecordSet(ctx.provider, ctx.zone, name, type, records.map(toDnsRecord));
  const what = records.map((r) => (r.priority !== undefined ? `${r.priority} ${r.content}` : r.content));
  return `${name} ${type} ${what.join(", ")}${changed ? "" : " (already published)"}`;
}
