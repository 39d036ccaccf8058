"use client";
import { Badge, Stack, Text, Tooltip } from "@mantine/core";
import { formatMoney } from "@/components/domain-shop/money";
import { formatDate } from "@/components/ui/format";
import type { DomainRenewal } from "./types";

/** The domains list's renewal column: next date and price, or the warning when it is lapsing. */
export function RenewalCell({ renewal }: { renewal: DomainRenewal | null }) {
  if (!renewal)
    return (
      <Text size="sm" c="dimmed">
        —
      </Text>
    );
  const price =
    renewal.priceCents != null && renewal.currency ? formatMoney(renewal.priceCents, renewal.currency) : null;
  return (
    <Stack gap={2} align="flex-start" data-testid="renewal-cell">
      <Text size="sm" style={{ whiteSpace: "nowrap" }}>
        {formatDate(renewal.nextRenewalAt)}
        {price ? ` · ${price}` : ""}
      </Text>
      {renewal.warning ? (
        <Tooltip label={renewal.warning} multiline w={260}>
          <Badge color="red" size="sm" data-testid="renewal-lapsing">
            Charge failed
          </Badge>
        </Tooltip>
      ) : renewal.lastCharge?.status === "failed" ? (
        <Badge color="orange" size="sm">
          Retrying charge
        </Badge>
      ) : null}
    </Stack>
  );
}
