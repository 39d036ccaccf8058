"use client";
import { Alert, Button, Group, Stack, Text } from "@mantine/core";
import { IconClock, IconInfoCircle } from "@tabler/icons-react";
import Link from "next/link";
import { useApi } from "@/components/ui/use-api";
import { CheckoutButton } from "../checkout-button";
import { formatMoney } from "../money";
import type { OrderSummary } from "../types";

function names(o: OrderSummary): string {
  const shown = o.names.slice(0, 4).join(", ");
  return o.names.length > 4 ? `${shown} and ${o.names.length - 4} more` : shown;
}

/**
 * Checkouts started but not paid. The cart is emptied once Stripe has the session, so after a
 * cancelled payment this is where the domains are: pay from here, or open the order.
 */
export function UnpaidOrders({ cancelled }: { cancelled: boolean }) {
  const list = useApi<{ orders: OrderSummary[] }>("/api/v1/orders");
  const unpaid = (list.data?.orders ?? []).filter((o) => o.status === "pending_payment");
  if (!unpaid.length)
    return cancelled && list.data ? (
      <Alert
        color="yellow"
        icon={<IconInfoCircle size={18} />}
        title="Payment cancelled"
        data-testid="checkout-cancelled"
      >
        Payment cancelled — nothing was charged.
      </Alert>
    ) : null;
  return (
    <Alert
      color="yellow"
      icon={cancelled ? <IconInfoCircle size={18} /> : <IconClock size={18} />}
      title={cancelled ? "Payment cancelled — nothing was charged" : "Waiting for payment"}
      data-testid={cancelled ? "checkout-cancelled" : "unpaid-orders"}
    >
      <Stack gap="sm">
        <Text size="sm">
          {cancelled
            ? "Your domains are held in an unpaid order until its checkout expires. Resume the payment when you are ready."
            : "These checkouts were started but not paid. Nothing has been charged."}
        </Text>
        {unpaid.map((o) => (
          <Group key={o.id} justify="space-between" wrap="nowrap" gap="md" data-testid="unpaid-order">
            <Text size="sm" style={{ overflowWrap: "anywhere" }}>
              <Text span fw={600} size="sm">
                {formatMoney(o.totalCents, o.currency)}
              </Text>{" "}
              · {o.domainCount} {o.domainCount === 1 ? "domain" : "domains"}: {names(o)}
            </Text>
            <Group gap="xs" wrap="nowrap">
              <Button component={Link} href={`/domains/orders/${o.id}`} size="xs" variant="default">
                View order
              </Button>
              <CheckoutButton url={o.checkoutUrl} label="Resume payment" />
            </Group>
          </Group>
        ))}
      </Stack>
    </Alert>
  );
}
