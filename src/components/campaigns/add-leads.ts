import { api } from "@/components/ui/api";

export type Added = {
  added: number;
  skipped: number;
  skippedBy: {
    alreadyInCampaign: number;
    unsubscribedOrBounced: number;
    replied: number;
    inOtherCampaign: number;
  };
};
/** what adding skips by default and may include */
export type Include = { replied: boolean; inOtherCampaigns: boolean };
type LeadIdsPage = { data: { id: string }[]; total: number };

export const addList = (campaignId: string, listId: string, include: Include) =>
  api<Added>(`/api/v1/campaigns/${campaignId}/leads`, { body: { listId, include } });

/**
 * Every active lead of the workspace. The API takes a list or lead ids, not "all", so this
 * pages through the leads (200 at a time) and sends their ids in batches the API accepts.
 */
export async function addAllLeads(campaignId: string, include: Include): Promise<Added> {
  const ids: string[] = [];
  for (let page = 1; ; page++) {
    const res = await api<LeadIdsPage>(`/api/v1/leads?status=active&pageSize=200&page=${page}`);
    ids.push(...res.data.map((l) => l.id));
    if (res.data.length < 200 || ids.length >= res.total) break;
  }
  const total: Added = {
    added: 0,
    skipped: 0,
    skippedBy: { alreadyInCampaign: 0, unsubscribedOrBounced: 0, replied: 0, inOtherCampaign: 0 },
  };
  for (let i = 0; i < ids.length; i += 10_000) {
    const res = await api<Added>(`/api/v1/campaigns/${campaignId}/leads`, {
      body: { leadIds: ids.slice(i, i + 10_000), include },
    });
    total.added += res.added;
    total.skipped += res.skipped;
    for (const k of Object.keys(total.skippedBy) as (keyof Added["skippedBy"])[])
      total.skippedBy[k] += res.skippedBy[k];
  }
  return total;
}

/** "Added 40 leads; skipped 3 who replied before and 2 already in another running campaign" */
export function describeAdded(res: Added): string {
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const why = [
    res.skippedBy.alreadyInCampaign && `${res.skippedBy.alreadyInCampaign} already in this campaign`,
    res.skippedBy.replied && `${res.skippedBy.replied} who replied before`,
    res.skippedBy.inOtherCampaign && `${res.skippedBy.inOtherCampaign} still in another running campaign`,
    res.skippedBy.unsubscribedOrBounced && `${res.skippedBy.unsubscribedOrBounced} unsubscribed or bounced`,
  ].filter(Boolean);
  return `Added ${plural(res.added, "lead", "leads")}${why.length ? `; skipped ${why.join(", ")}` : ""}`;
}
