import type { StepContext } from "./step-context";
import { syncRecordSet, toDnsRecord } from "./sync-record-set";

/** Step "Redirect to your site": the bare name's A record and www.'s CNAME, two record sets. */
export async function publishRedirect(ctx: StepContext): Promise<string> {
  const redirect = ctx.desired.filter((r) => r.purpose === "redirect");
  if (redirect.length === 0) return "no redirect chosen";
  const changed: boolean[] = [];
  for (const set of [...new Set(redirect.map((r) => `${r.name}|${r.type}`))]) {
    const records = redirect.filter((r) => `${r.name}|${r.type}` === set);
    const { name, type } = records[0]!;
    changed.push(await syncRecordSet(ctx.provider, ctx.zone, name, type, records.map(toDnsRecord)));
  }
  const { name, dnsSettings } = ctx.domain;
  return `${name} and www.${name} → ${dnsSettings?.redirectTo}${changed.some(Boolean) ? "" : " (already published)"}`;
}
