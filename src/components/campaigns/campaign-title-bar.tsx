"use client";
import { Anchor, Group, Stack, Title } from "@mantine/core";
import { IconArrowLeft } from "@tabler/icons-react";
import Link from "next/link";
import type { ReactNode } from "react";
import { CampaignStatusBadge } from "./campaign-status-badge";
import type { CampaignView } from "./types";

type Props = {
  campaign: Pick<CampaignView, "name" | "status">;
  /** the buttons on the right */
  actions: ReactNode;
  /** a line under the title */
  children?: ReactNode;
};

/** The top of a campaign's pages (builder, overview): back to the list, name, status, buttons. */
export function CampaignTitleBar({ campaign, actions, children }: Props) {
  return (
    <Stack gap={6} mb="lg">
      <Anchor component={Link} href="/campaigns" size="sm" c="dimmed">
        <Group gap={4}>
          <IconArrowLeft size={14} /> Campaigns
        </Group>
      </Anchor>
      <Group justify="space-between" align="center" wrap="wrap" gap="sm">
        <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
          <Title order={1} fz={26} lineClamp={1} style={{ minWidth: 0, overflowWrap: "anywhere" }}>
            {campaign.name}
          </Title>
          <CampaignStatusBadge status={campaign.status} size="lg" />
        </Group>
        <Group gap="sm">{actions}</Group>
      </Group>
      {children}
    </Stack>
  );
}
