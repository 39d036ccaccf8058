"use client";
import { Anchor, Button, Group, Stack, Text, Title } from "@mantine/core";
import { IconArrowLeft, IconChartLine, IconCheck, IconDeviceFloppy } from "@tabler/icons-react";
import Link from "next/link";
import type { ReactNode } from "react";
import { CampaignStatusBadge } from "../campaign-status-badge";
import type { CampaignView } from "../types";

type Props = {
  campaign: CampaignView;
  dirty: boolean;
  saving: boolean;
  onSave: () => void;
  actions: ReactNode;
};

export function BuilderHeader({ campaign, dirty, saving, onSave, actions }: Props) {
  return (
    <Stack gap={6} mb="lg">
      <Anchor component={Link} href="/campaigns" size="sm" c="dimmed">
        <Group gap={4}>
          <IconArrowLeft size={14} /> Campaigns
        </Group>
      </Anchor>
      <Group justify="space-between" align="center" wrap="wrap" gap="sm">
        <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
          <Title order={1} fz={26} lineClamp={1}>
            {campaign.name}
          </Title>
          <CampaignStatusBadge status={campaign.status} size="lg" />
        </Group>
        <Group gap="sm">
          {dirty ? (
            <Text size="sm" c="orange.8">
              Unsaved changes
            </Text>
          ) : (
            <Text size="sm" c="dimmed">
              <IconCheck size={14} style={{ verticalAlign: "-2px" }} /> Saved
            </Text>
          )}
          <Button
            variant={dirty ? "filled" : "default"}
            leftSection={<IconDeviceFloppy size={16} />}
            disabled={!dirty}
            loading={saving}
            onClick={onSave}
          >
            Save changes
          </Button>
          {campaign.status !== "draft" && (
            <Button
              component={Link}
              href={`/campaigns/${campaign.id}`}
              variant="default"
              leftSection={<IconChartLine size={16} />}
            >
              Results
            </Button>
          )}
          {actions}
        </Group>
      </Group>
    </Stack>
  );
}
