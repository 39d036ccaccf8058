"use client";
import { useCallback, useEffect, useState } from "react";
import { api } from "@/components/ui/api";
import type { CampaignSummary } from "./types";

type Page = { data: CampaignSummary[]; next: string | null };

/**
 * The campaign list a page at a time, newest first: the first page on mount, the next one
 * appended on `loadMore` (the API pages by a cursor, so nothing is skipped or repeated when
 * campaigns are created meanwhile).
 */
export function useCampaignPages() {
  const [campaigns, setCampaigns] = useState<CampaignSummary[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  const fetchPage = useCallback(async (after: string | null) => {
    setLoading(true);
    try {
      const page = await api<Page>(
        after ? `/api/v1/campaigns?startingAfter=${encodeURIComponent(after)}` : "/api/v1/campaigns",
      );
      setCampaigns((shown) => (after && shown ? [...shown, ...page.data] : page.data));
      setNext(page.next);
      setError(null);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void fetchPage(null);
  }, [fetchPage]);

  const loadMore = useCallback(() => (next ? fetchPage(next) : Promise.resolve()), [fetchPage, next]);
  return { campaigns, error, loading, hasMore: next !== null, loadMore };
}
