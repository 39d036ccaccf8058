"use client";
import { Alert, Anchor, Group, Paper, Progress, SimpleGrid, Skeleton, Stack, Text } from "@mantine/core";
import { IconAlertTriangle, IconCircleCheck, IconClock } from "@tabler/icons-react";
import Link from "next/link";
import { formatDateTime } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { CheckoutButton } from "../checkout-button";
import { formatMoney } from "../money";
import { ShopNav } from "../shop-nav";
import type { Order } from "../types";
import { DomainProgress } from "./domain-progress";
import { OrderStatusBadge } from "./order-status-badge";
import { nextPollMs, useOrder } from "./use-order";

const registeredOrLater = new Set(["registered", "configuring_dns", "verifying_dns", "active"]);

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="sm" component="div" style={{ fontVariantNumeric: "tabular-nums" }}>
        {children}
      </Text>
    </Stack>
  );
}

/** One year's renewal of every line ("$82.00 / year"), once each first term ends. */
function renewalsOf(order: Order): string {
  const each = order.items.map((i) => i.renewalPriceCents);
  if (each.length === 0 || each.some((c) => c === null)) return "—";
  return `${formatMoney(
    each.reduce<number>((s, c) => s + c!, 0),
    order.currency,
  )} / year`;
}

function Summary({ order }: { order: Order }) {
  const total = order.items.length;
  const registered = order.items.filter((i) => registeredOrLater.has(i.domainStatus ?? "")).length;
  const failed = order.items.filter((i) => i.domainStatus === "failed").length;
  const settled = registered + failed;
  return (
    <Paper withBorder radius="lg" p="lg">
      <SimpleGrid cols={{ base: 2, sm: 5 }} spacing="lg" mb={order.status === "pending_payment" ? 0 : "md"}>
        <Fact label="Status">
          <OrderStatusBadge status={order.status} />
        </Fact>
        <Fact label="Total">{formatMoney(order.totalCents, order.currency)}</Fact>
        <Fact label="Renewals">
          <span data-testid="order-renewals">{renewalsOf(order)}</span>
        </Fact>
        <Fact label="Paid">{formatDateTime(order.paidAt, "not yet")}</Fact>
        <Fact label="Refunded">
          {order.refundedCents > 0 ? formatMoney(order.refundedCents, order.currency) : "—"}
        </Fact>
      </SimpleGrid>
      {order.status !== "pending_payment" && order.status !== "expired" && (
        <Stack gap={6}>
          <Group justify="space-between">
            <Text size="sm" fw={500} data-testid="order-progress">
              {registered} of {total} {total === 1 ? "domain" : "domains"} registered
              {failed ? ` · ${failed} failed` : ""}
            </Text>
            {settled < total && (
              <Text size="xs" c="dimmed">
                updating live
              </Text>
            )}
          </Group>
          <Progress.Root size="md">
            <Progress.Section value={(registered / Math.max(total, 1)) * 100} color="teal" />
            <Progress.Section value={(failed / Math.max(total, 1)) * 100} color="red" />
          </Progress.Root>
        </Stack>
      )}
    </Paper>
  );
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** The thank-you once nothing moves any more: what was bought, and what was refunded instead. */
function settledWords(order: Order): string {
  const failed = order.items.filter((i) => i.domainStatus === "failed" && !i.registeredAt).length;
  if (!failed) return "Thank you. Every domain of this order is registered; see each one below.";
  const bought = order.items.length - failed;
  return `Thank you. ${bought ? `${plural(bought, "domain")} registered; ` : ""}${plural(failed, "domain")} could not be bought and ${failed === 1 ? "was" : "were"} refunded (see below).`;
}

/** One order: payment, then each domain's live way to registered and set up, or its failure and refund. */
export function DomainOrderPage({ id, justPaid }: { id: string; justPaid: boolean }) {
  const { order, error } = useOrder(id);
  return (
    <>
      <PageHeader
        title="Domain order"
        description={
          order
            ? `Placed ${formatDateTime(order.createdAt)} · ${plural(order.items.length, "domain")}`
            : undefined
        }
      />
      <ShopNav />
      <Stack gap="lg">
        {justPaid && order?.status !== "expired" && order?.status !== "failed" && (
          <Alert
            color="teal"
            icon={<IconCircleCheck size={18} />}
            title="Payment received"
            data-testid="payment-received"
          >
            {order && nextPollMs(order) === null
              ? settledWords(order)
              : "Thank you. Your domains are being registered now; this page updates by itself as each one moves on."}
          </Alert>
        )}
        {error && (
          <Alert color="red" title="Could not load the order" icon={<IconAlertTriangle size={18} />}>
            {error}. Trying again shortly.
          </Alert>
        )}
        {!order && !error && <Skeleton h={320} radius="lg" />}
        {order && (
          <>
            {order.status === "pending_payment" && !justPaid && (
              <Alert color="yellow" icon={<IconClock size={18} />} title="Waiting for payment">
                <Group justify="space-between" align="center">
                  <Text size="sm">
                    Nothing has been charged yet. Complete the payment to start registering.
                  </Text>
                  <CheckoutButton url={order.checkoutUrl} label="Complete payment" />
                </Group>
              </Alert>
            )}
            {order.status === "expired" && (
              <Alert color="gray" title="Checkout expired">
                The payment was not completed in time and nothing was charged.{" "}
                {order.statusReason ? `${order.statusReason}. ` : ""}
                <Anchor component={Link} href="/domains/cart" size="sm">
                  Back to the cart
                </Anchor>
              </Alert>
            )}
            {order.status === "failed" && order.statusReason && (
              <Alert color="red" title="The order failed" icon={<IconAlertTriangle size={18} />}>
                {order.statusReason}
              </Alert>
            )}
            <Summary order={order} />
            <Stack gap="sm" data-testid="order-items">
              {order.items.map((item) => (
                <DomainProgress key={item.id} item={item} currency={order.currency} paidAt={order.paidAt} />
              ))}
            </Stack>
          </>
        )}
      </Stack>
    </>
  );
}
