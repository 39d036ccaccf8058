"use client";
import { Alert, Anchor, Badge, Group, Paper, Stack, Stepper, Text } from "@mantine/core";
import { IconReceiptRefund, IconX } from "@tabler/icons-react";
import Link from "next/link";
import { formatDateTime } from "@/components/ui/format";
import { formatMoney } from "../money";
import type { DomainStatus, OrderItem } from "../types";
import { DomainStatusBadge } from "./order-status-badge";

const steps = ["Paid", "Registering", "Registered", "DNS", "Active"] as const;

/**
 * Where a domain is on its way from payment to sending-ready, as the Stepper's `active` index (steps
 * before it are done) and whether that step is being worked on now.
 */
function position(
  status: DomainStatus | null,
  registeredAt: string | null,
): { active: number; working: boolean } {
  switch (status) {
    case null:
    case "pending_payment":
      return { active: 0, working: false };
    case "paid":
      return { active: 1, working: false };
    case "registering":
      return { active: 1, working: true };
    case "registered":
      return { active: 3, working: false };
    case "configuring_dns":
    case "verifying_dns":
      return { active: 3, working: true };
    case "active":
      return { active: steps.length, working: false };
    case "failed":
      // a failure after registration happened while setting up DNS
      return { active: registeredAt ? 3 : 1, working: false };
    default:
      return { active: 0, working: false };
  }
}

function stepDescription(
  step: number,
  item: OrderItem,
  active: number,
  working: boolean,
  paidAt: string | null,
): string | undefined {
  if (item.domainStatus === "failed" && step === active) return "failed";
  if (step === 0 && paidAt) return formatDateTime(paidAt);
  if (step === 2 && item.registeredAt) return formatDateTime(item.registeredAt);
  if (step !== active) return undefined;
  if (step === 1) return working ? "at the registrar…" : "queued";
  if (step === 3) {
    if (item.domainStatus === "verifying_dns") return "checking propagation…";
    return working ? "writing records…" : "queued";
  }
  return undefined;
}

/** What the failure means for the buyer, unless the reason already says it. */
function failureNote(item: OrderItem, currency: string): string {
  if (item.registeredAt) return "The domain is registered and yours; its DNS setup did not finish.";
  if (/refund/i.test(item.domainStatusReason ?? "")) return "";
  return item.refundedCents > 0
    ? `${formatMoney(item.refundedCents, currency)} was refunded to your card.`
    : "Its price is being refunded to your card.";
}

/** One bought domain: its price, its live progress, and for a failure the reason and the refund. */
export function DomainProgress({
  item,
  currency,
  paidAt,
}: {
  item: OrderItem;
  currency: string;
  paidAt: string | null;
}) {
  const failed = item.domainStatus === "failed";
  const cancelled = item.domainStatus === "cancelled";
  const { active, working } = position(item.domainStatus, item.registeredAt);
  return (
    <Paper
      withBorder
      radius="md"
      p="md"
      data-testid="order-item"
      data-name={item.name}
      data-status={item.domainStatus ?? ""}
    >
      <Group justify="space-between" wrap="nowrap" mb="sm" gap="sm">
        <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
          {item.domainId && item.registeredAt ? (
            <Anchor
              component={Link}
              href={`/domains/${item.domainId}`}
              fw={600}
              c="dark"
              style={{ overflowWrap: "anywhere" }}
            >
              {item.displayName}
            </Anchor>
          ) : (
            <Text fw={600} style={{ overflowWrap: "anywhere" }}>
              {item.displayName}
            </Text>
          )}
          <DomainStatusBadge status={item.domainStatus} />
        </Group>
        <Group gap="xs" wrap="nowrap">
          {item.refundedCents > 0 && (
            <Badge color="grape" variant="light" leftSection={<IconReceiptRefund size={12} />}>
              Refunded {formatMoney(item.refundedCents, currency)}
            </Badge>
          )}
          <Stack gap={0} align="flex-end">
            <Text
              size="sm"
              c="dimmed"
              style={{ fontVariantNumeric: "tabular-nums", whiteSpace: "nowrap" }}
              data-testid="order-item-price"
            >
              {formatMoney(item.priceCents, currency)} for {item.years} {item.years === 1 ? "year" : "years"}
            </Text>
            {item.renewalPriceCents !== null && (
              <Text size="xs" c="dimmed" style={{ fontVariantNumeric: "tabular-nums", whiteSpace: "nowrap" }}>
                then {formatMoney(item.renewalPriceCents, currency)} / year
              </Text>
            )}
          </Stack>
        </Group>
      </Group>
      {item.dnsNote && (
        <Text size="xs" c="dimmed" mb="xs" data-testid="dns-note">
          {item.dnsNote}
        </Text>
      )}
      {cancelled ? (
        <Text size="sm" c="dimmed">
          Not bought: the payment did not go through.
        </Text>
      ) : (
        <Stack gap="sm">
          <Stepper active={active} size="xs" allowNextStepsSelect={false}>
            {steps.map((label, i) => (
              <Stepper.Step
                key={label}
                label={label}
                description={stepDescription(i, item, active, working, paidAt)}
                loading={working && i === active}
                color={failed && i === active ? "red" : undefined}
                icon={failed && i === active ? <IconX size={14} /> : undefined}
                allowStepSelect={false}
              />
            ))}
          </Stepper>
          {!failed && item.domainStatus !== "active" && item.domainStatusReason && (
            <Text size="xs" c="orange.8" data-testid="retry-reason" style={{ overflowWrap: "anywhere" }}>
              Retrying automatically after: {item.domainStatusReason}
            </Text>
          )}
          {failed && (
            <Alert color="red" variant="light" p="xs" data-testid="failure-reason">
              <Text size="sm">
                {item.domainStatusReason ?? "The registrar refused this domain."}{" "}
                {failureNote(item, currency)}
              </Text>
            </Alert>
          )}
        </Stack>
      )}
    </Paper>
  );
}
