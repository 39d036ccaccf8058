"use client";
import { Button } from "@mantine/core";
import { IconPlayerPause, IconPlayerPlay, IconRocket } from "@tabler/icons-react";
import { useState } from "react";
import { ApiError, api } from "@/components/ui/api";
import { notifyError } from "@/components/ui/notify";
import type { LaunchPreview } from "@/lib/campaigns/api-schemas";
import { LaunchSummaryModal } from "./launch-summary-modal";
import { changeStatus, type LifecycleAction } from "./lifecycle";
import type { CampaignView } from "./types";

type Props = {
  campaign: Pick<CampaignView, "id" | "status" | "name">;
  /** runs before launch/resume, e.g. to save the builder's edits first */
  before?: () => Promise<void>;
  onChanged: (c: CampaignView) => void;
  onProblems: (problems: string[]) => void;
};

const buttons: Record<CampaignView["status"], { action: LifecycleAction; label: string } | null> = {
  draft: { action: "launch", label: "Launch" },
  active: { action: "pause", label: "Pause" },
  paused: { action: "resume", label: "Resume" },
  completed: null,
};
const icons = { launch: IconRocket, pause: IconPlayerPause, resume: IconPlayerPlay };

/**
 * Launch, Pause or Resume, whichever the status allows. Launch first shows what will happen (or
 * hands back every problem that would refuse it) and launches on "Launch now".
 */
export function StatusActions({ campaign, before, onChanged, onProblems }: Props) {
  const [busy, setBusy] = useState(false);
  const [summary, setSummary] = useState<LaunchPreview | null>(null);
  const [launching, setLaunching] = useState(false);
  const button = buttons[campaign.status];
  if (!button) return null;
  const Icon = icons[button.action];

  const act = async (action: LifecycleAction) => {
    try {
      const next = await changeStatus(campaign.id, action);
      onProblems([]);
      setSummary(null);
      // no toast: the status badge changes, and a toast would sit over these very buttons
      onChanged(next);
    } catch (err) {
      setSummary(null);
      if (err instanceof ApiError && err.problems.length) onProblems(err.problems.map((p) => p.message));
      else notifyError(err, `Could not ${action} the campaign`);
    }
  };

  const run = async () => {
    setBusy(true);
    try {
      if (button.action !== "pause") await before?.();
      if (button.action === "launch") {
        // what launching will do, or why it cannot, before the first email goes
        const preview = await api<LaunchPreview>(`/api/v1/campaigns/${campaign.id}/launch-preview`);
        onProblems(preview.problems);
        if (!preview.problems.length) setSummary(preview);
        return;
      }
      await act(button.action);
    } catch (err) {
      notifyError(err, `Could not ${button.action} the campaign`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button
        leftSection={<Icon size={16} />}
        color={button.action === "pause" ? "yellow" : "teal"}
        variant={button.action === "pause" ? "light" : "filled"}
        loading={busy}
        onClick={run}
      >
        {button.label}
      </Button>
      <LaunchSummaryModal
        preview={summary}
        launching={launching}
        onClose={() => setSummary(null)}
        onLaunch={async () => {
          setLaunching(true);
          await act("launch");
          setLaunching(false);
        }}
      />
    </>
  );
}
