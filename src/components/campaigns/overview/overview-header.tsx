"use client";
import { ActionIcon, Button, Menu, Text } from "@mantine/core";
import { IconDots, IconPencil, IconTrash } from "@tabler/icons-react";
import Link from "next/link";
import type { ReactNode } from "react";
import { formatDate } from "@/components/ui/format";
import { ADMIN_ONLY_HINT, useIsAdmin } from "@/components/ui/use-is-admin";
import { CampaignTitleBar } from "../campaign-title-bar";
import type { CampaignView } from "../types";

const dayNames = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const hhmm = (m: number) =>
  `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;

/** "Mon–Fri"-style runs of the sending days, Monday first. */
export function describeDays(days: number[]): string {
  if (days.length === 7) return "every day";
  if (days.length === 0) return "no days";
  const order = [1, 2, 3, 4, 5, 6, 0].filter((d) => days.includes(d));
  const runs: number[][] = [];
  for (const d of order) {
    const run = runs.at(-1);
    if (run && (run.at(-1)! + 1) % 7 === d) run.push(d);
    else runs.push([d]);
  }
  return runs
    .map((r) =>
      r.length > 2 ? `${dayNames[r[0]!]}–${dayNames[r.at(-1)!]}` : r.map((d) => dayNames[d]).join(", "),
    )
    .join(", ");
}

type Props = { campaign: CampaignView; actions: ReactNode; onDelete: () => void };

export function OverviewHeader({ campaign: c, actions, onDelete }: Props) {
  const admin = useIsAdmin();
  return (
    <CampaignTitleBar
      campaign={c}
      actions={
        <>
          <Button
            component={Link}
            href={`/campaigns/${c.id}/edit`}
            variant="default"
            leftSection={<IconPencil size={16} />}
          >
            Edit
          </Button>
          {actions}
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <ActionIcon variant="default" size="lg" aria-label="More actions">
                <IconDots size={16} />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item
                color="red"
                leftSection={<IconTrash size={14} />}
                disabled={c.status === "active" || !admin}
                title={admin ? undefined : ADMIN_ONLY_HINT}
                onClick={onDelete}
              >
                {!admin
                  ? "Delete campaign (admins only)"
                  : c.status === "active"
                    ? "Pause before deleting"
                    : "Delete campaign"}
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </>
      }
    >
      <Text size="sm" c="dimmed">
        {c.steps.length} {c.steps.length === 1 ? "step" : "steps"} · {c.mailboxIds.length}{" "}
        {c.mailboxIds.length === 1 ? "mailbox" : "mailboxes"} · sends {describeDays(c.sendDays)}{" "}
        {hhmm(c.sendStartMinute)}–{hhmm(c.sendEndMinute)} {c.timezone}
        {c.dailyCap ? ` · at most ${c.dailyCap.toLocaleString()} a day` : ""}
        {c.launchedAt ? ` · launched ${formatDate(c.launchedAt)}` : ""}
      </Text>
    </CampaignTitleBar>
  );
}
