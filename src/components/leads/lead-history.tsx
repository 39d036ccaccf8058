"use client";
import {
  Alert,
  Anchor,
  Badge,
  Group,
  Paper,
  Skeleton,
  Stack,
  Text,
  ThemeIcon,
  Timeline,
} from "@mantine/core";
import {
  IconAlertTriangle,
  IconArrowBackUp,
  IconBan,
  IconClick,
  IconEye,
  IconMail,
  IconMailFast,
  IconMailOff,
  IconMessage,
  IconPlaylistAdd,
  IconQuestionMark,
  IconRobot,
} from "@tabler/icons-react";
import Link from "next/link";
import type { ReactNode } from "react";
import { LeadStateBadge } from "@/components/campaigns/lead-state-badge";
import { formatDate, formatDateTime } from "@/components/ui/format";
import { useApi } from "@/components/ui/use-api";
import type { LeadActivity, LeadActivityItem } from "@/lib/leads/api-schemas";

const kinds: Record<LeadActivityItem["type"], { label: string; color: string; icon: ReactNode }> = {
  added_to_campaign: { label: "Added to campaign", color: "gray", icon: <IconPlaylistAdd size={12} /> },
  email_queued: { label: "Email queued", color: "blue", icon: <IconMail size={12} /> },
  email_sent: { label: "Email sent", color: "blue", icon: <IconMailFast size={12} /> },
  email_bounced: { label: "Email bounced", color: "red", icon: <IconMailOff size={12} /> },
  email_failed: { label: "Email failed", color: "red", icon: <IconAlertTriangle size={12} /> },
  email_unknown: { label: "Email fate unknown", color: "orange", icon: <IconQuestionMark size={12} /> },
  opened: { label: "Opened", color: "teal", icon: <IconEye size={12} /> },
  clicked: { label: "Clicked", color: "teal", icon: <IconClick size={12} /> },
  replied: { label: "Replied", color: "grape", icon: <IconMessage size={12} /> },
  auto_replied: { label: "Auto-reply", color: "yellow", icon: <IconRobot size={12} /> },
  bounce_notice: { label: "Bounce notice", color: "red", icon: <IconMailOff size={12} /> },
  complained: { label: "Marked as spam", color: "red", icon: <IconBan size={12} /> },
  asked_to_unsubscribe: { label: "Asked to unsubscribe", color: "gray", icon: <IconBan size={12} /> },
  other_message: { label: "Message", color: "gray", icon: <IconMessage size={12} /> },
  you_replied: { label: "You replied", color: "indigo", icon: <IconArrowBackUp size={12} /> },
  suppressed: { label: "Suppressed", color: "dark", icon: <IconBan size={12} /> },
};

/**
 * A lead's whole history: the campaigns it is in and where it stands in each, whether it is
 * suppressed, and every email, open, click and message, newest first.
 */
export function LeadHistory({ leadId }: { leadId: string }) {
  const activity = useApi<LeadActivity>(`/api/v1/leads/${leadId}/activity`);
  if (activity.error) return <Alert color="red">Could not load this lead's history: {activity.error}</Alert>;
  const a = activity.data;
  if (!a) return <Skeleton h={160} />;
  return (
    <Stack gap="sm" data-testid="lead-history">
      {a.suppressed && (
        <Alert color="dark" variant="light" icon={<IconBan size={16} />} title="Never emailed again">
          {a.suppressed.kind === "domain" ? "Its whole domain is" : "This address is"} suppressed (
          {a.suppressed.reason}
          {a.suppressed.source ? `, ${a.suppressed.source}` : ""}) since {formatDate(a.suppressed.at)}.
        </Alert>
      )}
      <Text fw={600} size="sm">
        Campaigns
      </Text>
      {a.campaigns.length === 0 ? (
        <Text size="sm" c="dimmed">
          Not in any campaign yet.
        </Text>
      ) : (
        a.campaigns.map((c) => (
          <Paper key={c.campaignId} withBorder p="xs" radius="md" data-testid="lead-campaign">
            <Group justify="space-between" wrap="nowrap" gap="xs">
              <Anchor component={Link} href={`/campaigns/${c.campaignId}`} size="sm" fw={500} lineClamp={1}>
                {c.campaignName}
              </Anchor>
              <LeadStateBadge status={c.status} />
            </Group>
            <Text size="xs" c="dimmed">
              {campaignLine(c)}
            </Text>
          </Paper>
        ))
      )}
      <Text fw={600} size="sm">
        Activity
      </Text>
      <Timeline bulletSize={22} lineWidth={2}>
        {a.timeline.map((item) => {
          const kind = kinds[item.type];
          return (
            <Timeline.Item
              key={`${item.type}:${item.id}`}
              data-type={item.type}
              bullet={
                <ThemeIcon size={22} radius="xl" color={kind.color} variant="light">
                  {kind.icon}
                </ThemeIcon>
              }
              title={
                <Group gap={6}>
                  <Text size="sm" fw={500}>
                    {kind.label}
                  </Text>
                  {item.step !== null && (
                    <Badge size="xs" variant="outline">
                      step {item.step}
                    </Badge>
                  )}
                </Group>
              }
            >
              {item.subject && (
                <Text size="xs" lineClamp={1}>
                  {item.messageId ? (
                    <Anchor component={Link} href={`/inbox?thread=${item.messageId}`} size="xs">
                      {item.subject}
                    </Anchor>
                  ) : (
                    item.subject
                  )}
                </Text>
              )}
              {item.detail && (
                <Text size="xs" c="dimmed" lineClamp={2} style={{ wordBreak: "break-word" }}>
                  {item.detail}
                </Text>
              )}
              <Text size="xs" c="dimmed">
                {formatDateTime(item.at)}
                {item.campaignName ? ` · ${item.campaignName}` : ""}
              </Text>
            </Timeline.Item>
          );
        })}
      </Timeline>
    </Stack>
  );
}

function campaignLine(c: LeadActivity["campaigns"][number]): string {
  if (c.status === "queued") {
    const step = `Step ${c.nextStep} of ${c.stepCount} next`;
    if (c.outOfOfficeUntil && new Date(c.outOfOfficeUntil) > new Date())
      return `${step}, held while out of office until ${formatDate(c.outOfOfficeUntil)}`;
    return c.nextSendAt
      ? `${step}, due ${formatDateTime(c.nextSendAt)}`
      : `${step}, as soon as the schedule allows`;
  }
  if (c.status === "sending") return `Step ${c.nextStep} of ${c.stepCount} is being sent`;
  if (c.status === "completed")
    return `Every step sent${c.lastSentAt ? `, last ${formatDate(c.lastSentAt)}` : ""}`;
  return c.stoppedReason ?? `Stopped (${c.status})`;
}
