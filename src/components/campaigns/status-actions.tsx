"use client";
import { Button } from "@mantine/core";
import { IconPlayerPause, IconPlayerPlay, IconRocket } from "@tabler/icons-react";
import { useState } from "react";
import { ApiError } from "@/components/ui/api";
import { notifyError } from "@/components/ui/notify";
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

/** Launch, Pause or Resume, whichever the status allows; a refused launch hands back its problems. */
export function StatusActions({ campaign, before, onChanged, onProblems }: Props) {
  const [busy, setBusy] = useState(false);
  const button = buttons[campaign.status];
  if (!button) return null;
  const Icon = icons[button.action];

  const run = async () => {
    setBusy(true);
    try {
      if (button.action !== "pause") await before?.();
      const next = await changeStatus(campaign.id, button.action);
      onProblems([]);
      // no toast: the status badge changes, and a toast would sit over these very buttons
      onChanged(next);
    } catch (err) {
      if (err instanceof ApiError && err.problems.length) onProblems(err.problems.map((p) => p.message));
      else notifyError(err, `Could not ${button.action} the campaign`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Button
      leftSection={<Icon size={16} />}
      color={button.action === "pause" ? "yellow" : "teal"}
      variant={button.action === "pause" ? "light" : "filled"}
      loading={busy}
      onClick={run}
    >
      {button.label}
    </Button>
  );
}
