import { api } from "@/components/ui/api";

type Added = { added: number; skipped: number };
type LeadIdsPage = { data: { id: string }[]; total: number };

export const addList = (campaignId: string, listId: string) =>
  api<Added>(`/api/v1/campaigns/${campaignId}/leads`, { body: { listId } });

/**
 * Every active lead of the workspace. The API takes a list or lead ids, not "all", so this
 * pages through the leads (200 at a time) and sends their ids in batches the API accepts.
 */
export async function addAllLeads(campaignId: string): Promise<Added> {
  const ids: string[] = [];
  for (let page = 1; ; page++) {
    const res = await api<LeadIdsPage>(`/api/v1/leads?status=active&pageSize=200&page=${page}`);
    ids.push(...res.data.map((l) => l.id));
    if (res.data.length < 200 || ids.length >= res.total) break;
  }
  const total: Added = { added: 0, skipped: 0 };
  for (let i = 0; i < ids.length; i += 10_000) {
    const res = await api<Added>(`/api/v1/campaigns/${campaignId}/leads`, {
      body: { leadIds: ids.slice(i, i + 10_000) },
    });
    total.added += res.added;
    total.skipped += res.skipped;
  }
  return total;
}
