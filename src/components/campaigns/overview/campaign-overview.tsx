"use client";
import { Alert, Skeleton, Stack } from "@mantine/core";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { api } from "@/components/ui/api";
import { ConfirmModal } from "@/components/ui/confirm-modal";
import { notifyError, notifySuccess } from "@/components/ui/notify";
import { useApi } from "@/components/ui/use-api";
import { LaunchProblems } from "../launch-problems";
import { StatusActions } from "../status-actions";
import type { CampaignAnalytics, CampaignView } from "../types";
import { ActivityChart } from "./activity-chart";
import { CampaignLeadsTable } from "./campaign-leads-table";
import { OverviewHeader } from "./overview-header";
import { StatCards } from "./stat-cards";
import { StepStatsTable } from "./step-stats-table";
import { UnknownSendsNotice } from "./unknown-sends-notice";

const REFRESH_MS = 15_000;

/** A campaign's results: status and actions, totals, activity by day, steps, and its leads. */
export function CampaignOverview({ id }: { id: string }) {
  const router = useRouter();
  const [version, setVersion] = useState(0);
  const campaign = useApi<CampaignView>(`/api/v1/campaigns/${id}?v=${version}`);
  const analytics = useApi<CampaignAnalytics>(`/api/v1/campaigns/${id}/analytics?v=${version}`);
  const [problems, setProblems] = useState<string[]>([]);
  const [deleting, setDeleting] = useState(false);
  const active = campaign.data?.status === "active";

  // while it sends, the numbers move: fetch them again now and then
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setVersion((v) => v + 1), REFRESH_MS);
    return () => clearInterval(timer);
  }, [active]);

  const remove = async () => {
    try {
      await api(`/api/v1/campaigns/${id}`, { method: "DELETE" });
      notifySuccess("Campaign deleted");
      router.push("/campaigns");
    } catch (err) {
      notifyError(err, "Could not delete the campaign");
    }
  };

  if (campaign.error)
    return (
      <Alert color="red" title="Could not load the campaign">
        {campaign.error}
      </Alert>
    );
  const c = campaign.data;
  if (!c) return <Skeleton h={400} radius="lg" />;
  return (
    <>
      <OverviewHeader
        campaign={c}
        onDelete={() => setDeleting(true)}
        actions={
          <StatusActions campaign={c} onChanged={() => setVersion((v) => v + 1)} onProblems={setProblems} />
        }
      />
      <LaunchProblems
        problems={problems}
        onFix={(tab) => router.push(`/campaigns/${id}/edit?tab=${tab}`)}
        onClose={() => setProblems([])}
      />
      {analytics.error && (
        <Alert color="red" title="Could not load the numbers">
          {analytics.error}
        </Alert>
      )}
      {analytics.data ? (
        <Stack gap="lg">
          <StatCards totals={analytics.data.totals} />
          <UnknownSendsNotice count={analytics.data.unknown} />
          <ActivityChart daily={analytics.data.daily} timezone={c.timezone} />
          <StepStatsTable analytics={analytics.data} />
          <CampaignLeadsTable campaignId={id} version={version} stepCount={c.steps.length} />
        </Stack>
      ) : (
        !analytics.error && <Skeleton h={300} radius="lg" />
      )}
      <ConfirmModal
        opened={deleting}
        title="Delete campaign"
        message={`Delete “${c.name}”? Its steps, results and sent-email history go with it. Leads stay in the workspace.`}
        confirmLabel="Delete campaign"
        onConfirm={remove}
        onClose={() => setDeleting(false)}
      />
    </>
  );
}
