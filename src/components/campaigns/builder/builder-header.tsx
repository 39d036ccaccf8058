"use client";
import { Button, Text } from "@mantine/core";
import { IconChartLine, IconCheck, IconDeviceFloppy } from "@tabler/icons-react";
import Link from "next/link";
import type { ReactNode } from "react";
import { CampaignTitleBar } from "../campaign-title-bar";
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
    <CampaignTitleBar
      campaign={campaign}
      actions={
        <>
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
        </>
      }
    />
  );
}
