"use client";
import { Alert, Code, Divider, Group, Paper, Skeleton, Stack, Text } from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";
import { useEffect, useState } from "react";
import { api } from "@/components/ui/api";
import type { CampaignPreview } from "../types";
import { EmailFrame } from "./email-frame";

/** `revision` changes when the saved sequence does, so the preview follows each save. */
type Props = { campaignId: string; leadId: string | null; step: number; variant: string; revision: number };

/** Fetches one rendered email and shows it: subject, HTML in a sandboxed frame, plain text. */
export function PreviewEmail({ campaignId, leadId, step, variant, revision }: Props) {
  const [preview, setPreview] = useState<CampaignPreview | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    const q = new URLSearchParams({ step: String(step), variant, rev: String(revision) });
    if (leadId) q.set("leadId", leadId);
    api<CampaignPreview>(`/api/v1/campaigns/${campaignId}/preview?${q}`)
      .then((p) => {
        if (!live) return;
        setPreview(p);
        setError(null);
      })
      .catch((err: Error) => {
        if (live) setError(err.message);
      });
    return () => {
      live = false;
    };
  }, [campaignId, leadId, step, variant, revision]);

  if (error)
    return (
      <Alert color="red" title="Could not render the preview">
        {error}
      </Alert>
    );
  if (!preview) return <Skeleton h={320} radius="lg" />;
  return (
    <Paper withBorder radius="lg" p="lg" data-testid="preview">
      <Stack gap="sm">
        <Group gap="xs">
          <Text size="sm" c="dimmed" w={64}>
            To
          </Text>
          <Text size="sm">{preview.leadEmail ?? "a sample lead (the campaign has no leads yet)"}</Text>
        </Group>
        <Group gap="xs" wrap="nowrap" align="flex-start">
          <Text size="sm" c="dimmed" w={64}>
            Subject
          </Text>
          <Text size="sm" fw={600} data-testid="preview-subject">
            {preview.subject || (step > 1 ? "Re: (the first email's subject)" : "(no subject)")}
          </Text>
        </Group>
        {preview.missing.length > 0 && (
          <Alert color="yellow" icon={<IconAlertTriangle size={18} />} title="Empty variables for this lead">
            {preview.missing.map((m) => `{{${m}}}`).join(", ")}{" "}
            {preview.missing.length === 1 ? "has" : "have"} no value and no fallback, so{" "}
            {preview.missing.length === 1 ? "it is" : "they are"} left blank. Add a fallback such as{" "}
            {`{{${preview.missing[0]} | "there"}}`}, or fill the field on the lead.
          </Alert>
        )}
        <Divider />
        {preview.html ? (
          <EmailFrame html={preview.html} />
        ) : (
          <Text size="sm" c="dimmed">
            Plain text only: no HTML part.
          </Text>
        )}
        <Text size="xs" fw={600} c="dimmed" tt="uppercase">
          Plain-text part
        </Text>
        <Code block data-testid="preview-text" style={{ whiteSpace: "pre-wrap" }}>
          {preview.text || "(empty)"}
        </Code>
      </Stack>
    </Paper>
  );
}
