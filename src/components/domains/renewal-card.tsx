"use client";
import { Alert, Badge, Button, Card, Group, Stack, Text, Title } from "@mantine/core";
import { IconAlertTriangle, IconCreditCard } from "@tabler/icons-react";
import { useEffect, useState } from "react";
import { formatMoney } from "@/components/domain-shop/money";
import { api } from "@/components/ui/api";
import { formatDate } from "@/components/ui/format";
import { notifyError, notifySuccess } from "@/components/ui/notify";
import { ADMIN_ONLY_HINT, useIsAdmin } from "@/components/ui/use-is-admin";
import type { DomainRenewal } from "./types";

const CHARGE_LABEL: Record<string, { label: string; color: string }> = {
  charging: { label: "Charging", color: "blue" },
  charged: { label: "Paid", color: "green" },
  failed: { label: "Failed", color: "red" },
  refunded: { label: "Refunded", color: "gray" },
};

/** The renewal warning (lapsing), shown on the domains list and the domain page alike. */
export function RenewalWarning({ renewal }: { renewal: DomainRenewal | null }) {
  if (!renewal?.warning) return null;
  return (
    <Alert
      color="red"
      icon={<IconAlertTriangle size={18} />}
      title={renewal.warning}
      data-testid="renewal-warning"
    >
      {renewal.lastCharge?.error ? `The card was refused: ${renewal.lastCharge.error}` : null}
    </Alert>
  );
}

/**
 * The domain's renewal: date, price, when the saved card is charged, the last charge, and "Renew
 * now" / "Retry charge" (a failed charge is retried at once; when paid, auto-renew goes back on),
 * and "Update card" (Stripe's page in setup mode; the new card is charged from then on).
 */
export function RenewalCard({
  domainId,
  renewal,
  onChanged,
}: {
  domainId: string;
  renewal: DomainRenewal;
  onChanged: () => void;
}) {
  const isAdmin = useIsAdmin();
  const [busy, setBusy] = useState(false);
  const [opening, setOpening] = useState(false);
  // back from Stripe's card page: say what happened, once, and take the mark off the address
  const [returned, setReturned] = useState<"saved" | "cancelled" | null>(null);
  useEffect(() => {
    const url = new URL(window.location.href);
    const card = url.searchParams.get("card");
    if (card !== "saved" && card !== "cancelled") return;
    setReturned(card);
    url.searchParams.delete("card");
    window.history.replaceState(null, "", url.toString());
  }, []);
  const last = renewal.lastCharge;
  const paidForThisPeriod = last?.status === "charged" && last.periodExpiresAt === renewal.nextRenewalAt;
  const failed = last?.status === "failed";

  const charge = async () => {
    setBusy(true);
    try {
      const res = await api<{ outcome: string; renewal: DomainRenewal | null }>(
        `/api/v1/domains/${domainId}/renewal/charge`,
        { method: "POST" },
      );
      if (res.outcome === "failed")
        notifyError(
          new Error(res.renewal?.lastCharge?.error ?? "The card was refused"),
          "Renewal charge failed",
        );
      else notifySuccess("Renewal paid");
      onChanged();
    } catch (err) {
      notifyError(err, "Could not charge the renewal");
    } finally {
      setBusy(false);
    }
  };

  const updateCard = async () => {
    setOpening(true);
    try {
      const { url } = await api<{ url: string }>("/api/v1/billing/card", {
        method: "POST",
        body: { returnTo: `/domains/${domainId}` },
      });
      window.location.assign(url);
    } catch (err) {
      notifyError(err, "Could not open the card page");
      setOpening(false);
    }
  };

  return (
    <Card withBorder padding="lg" data-testid="renewal-card">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} fz="lg">
            Renewal
          </Title>
          <Badge color={renewal.status === "auto" ? "green" : "red"} data-testid="renewal-status">
            {renewal.status === "auto"
              ? "Renews automatically"
              : renewal.status === "lapsing"
                ? "Lapsing"
                : "Expired"}
          </Badge>
        </Group>
        <Text size="sm">
          Next renewal <b data-testid="renewal-date">{formatDate(renewal.nextRenewalAt)}</b>
          {renewal.priceCents != null && renewal.currency && (
            <>
              {" "}
              for <b data-testid="renewal-price">{formatMoney(renewal.priceCents, renewal.currency)}</b> a
              year
            </>
          )}
          {renewal.status === "auto" && !paidForThisPeriod && (
            <> — your saved card is charged on {formatDate(renewal.chargeAt)}</>
          )}
          .
        </Text>
        {last && (
          <Group gap="xs" data-testid="renewal-last-charge">
            <Text size="sm">Last charge:</Text>
            <Badge color={CHARGE_LABEL[last.status]?.color} variant="light">
              {CHARGE_LABEL[last.status]?.label ?? last.status}
            </Badge>
            <Text size="sm">
              {formatMoney(last.amountCents, last.currency)} on {formatDate(last.at)}
              {last.error ? ` — ${last.error}` : ""}
              {failed && last.nextAttemptAt ? ` Next attempt ${formatDate(last.nextAttemptAt)}.` : ""}
            </Text>
          </Group>
        )}
        {returned === "saved" && (
          <Alert color="green" data-testid="card-saved">
            New card saved: renewals are charged to it{failed ? ". Retry the charge now." : "."}
          </Alert>
        )}
        {returned === "cancelled" && (
          <Alert color="gray" data-testid="card-cancelled">
            The card was not changed.
          </Alert>
        )}
        {renewal.status !== "expired" && (
          <Group>
            {!paidForThisPeriod && (
              <Button
                leftSection={<IconCreditCard size={16} />}
                variant={failed ? "filled" : "light"}
                loading={busy}
                disabled={!isAdmin}
                title={isAdmin ? undefined : ADMIN_ONLY_HINT}
                onClick={() => void charge()}
              >
                {failed ? "Retry charge" : "Renew now"}
              </Button>
            )}
            <Button
              variant={failed ? "light" : "subtle"}
              loading={opening}
              disabled={!isAdmin}
              title={isAdmin ? "Enter a new card on Stripe's page: nothing is charged" : ADMIN_ONLY_HINT}
              onClick={() => void updateCard()}
            >
              Update card
            </Button>
          </Group>
        )}
      </Stack>
    </Card>
  );
}
