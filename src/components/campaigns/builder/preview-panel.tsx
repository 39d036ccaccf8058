"use client";
import { Alert, Button, Group, Paper, SegmentedControl, Select, Stack, Text } from "@mantine/core";
import { IconDeviceFloppy, IconEye } from "@tabler/icons-react";
import { useState } from "react";
import { FeatureEmptyState } from "@/components/ui/feature-empty-state";
import { useApi } from "@/components/ui/use-api";
import type { CampaignLeadsPage, CampaignView } from "../types";
import { PreviewEmail } from "./preview-email";

type Props = { campaign: CampaignView; dirty: boolean; saving: boolean; onSave: () => void };

const leadLabel = (l: CampaignLeadsPage["data"][number]) => {
  const name = [l.firstName, l.lastName].filter(Boolean).join(" ");
  return name ? `${name} <${l.email}>` : l.email;
};

/** A short fingerprint of the saved sequence (djb2), to refetch the preview when it changes. */
const hash = (s: string) => {
  let h = 5381;
  for (let i = 0; i < s.length; i++) h = (h * 33) ^ s.charCodeAt(i);
  return h >>> 0;
};

/** The saved sequence rendered for one of the campaign's leads, exactly as the sender would. */
export function PreviewPanel({ campaign, dirty, saving, onSave }: Props) {
  const leads = useApi<CampaignLeadsPage>(`/api/v1/campaigns/${campaign.id}/leads?pageSize=100`);
  const [leadId, setLeadId] = useState<string | null>(null);
  const [position, setPosition] = useState("1");
  const [variant, setVariant] = useState("A");
  const step = campaign.steps.find((s) => String(s.position) === position) ?? campaign.steps[0];
  const labels = step?.variants.map((v) => v.label) ?? [];
  const shownVariant = labels.includes(variant) ? variant : (labels[0] ?? "A");
  const chosenLead = leadId ?? leads.data?.data[0]?.leadId ?? null;

  if (!step) {
    return (
      <FeatureEmptyState
        icon={<IconEye size={28} stroke={1.5} />}
        title="Nothing to preview yet"
        description="Write and save the first step of the sequence; the preview renders it for a lead of the campaign."
      />
    );
  }
  return (
    <Stack gap="md">
      {dirty && (
        <Alert color="yellow" title="Unsaved changes">
          <Group justify="space-between">
            <Text size="sm">The preview shows the saved sequence. Save to see your edits.</Text>
            <Button size="xs" leftSection={<IconDeviceFloppy size={14} />} loading={saving} onClick={onSave}>
              Save changes
            </Button>
          </Group>
        </Alert>
      )}
      <Paper withBorder radius="lg" p="md">
        <Group gap="md" align="flex-end" wrap="wrap">
          <Select
            label="Lead"
            placeholder={leads.data?.total === 0 ? "No leads yet: a sample lead is used" : "First lead"}
            data={(leads.data?.data ?? []).map((l) => ({ value: l.leadId, label: leadLabel(l) }))}
            value={chosenLead}
            onChange={setLeadId}
            searchable
            w={340}
            disabled={!leads.data?.total}
          />
          <Select
            label="Step"
            data={campaign.steps.map((s) => ({ value: String(s.position), label: `Step ${s.position}` }))}
            value={position}
            onChange={(v) => v && setPosition(v)}
            allowDeselect={false}
            w={120}
          />
          {labels.length > 1 && (
            <SegmentedControl aria-label="Variant" data={labels} value={shownVariant} onChange={setVariant} />
          )}
        </Group>
      </Paper>
      <PreviewEmail
        campaignId={campaign.id}
        leadId={chosenLead}
        step={step.position}
        variant={shownVariant}
        revision={hash(JSON.stringify([campaign.steps, campaign.plainTextOnly]))}
      />
    </Stack>
  );
}
