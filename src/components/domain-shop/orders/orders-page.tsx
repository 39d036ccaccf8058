"use client";
import { Alert, Anchor, Paper, Skeleton, Table, Text } from "@mantine/core";
import { IconReceipt } from "@tabler/icons-react";
import Link from "next/link";
import { FeatureEmptyState } from "@/components/ui/feature-empty-state";
import { formatDateTime } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { useApi } from "@/components/ui/use-api";
import { formatMoney } from "../money";
import { ShopNav } from "../shop-nav";
import type { OrderSummary } from "../types";
import { OrderStatusBadge } from "./order-status-badge";

function domainsOf(o: OrderSummary): string {
  const shown = o.names.slice(0, 2).join(", ");
  const more = o.domainCount - Math.min(o.names.length, 2);
  if (!shown) return `${o.domainCount} ${o.domainCount === 1 ? "domain" : "domains"}`;
  return more > 0 ? `${shown} and ${more} more` : shown;
}

/** Every domain order of the workspace, newest first, each opening on its live progress. */
export function DomainOrdersPage() {
  const list = useApi<{ orders: OrderSummary[] }>("/api/v1/orders");
  return (
    <>
      <PageHeader
        title="Domain orders"
        description="Every checkout, what it cost, and how its domains are doing."
      />
      <ShopNav />
      {list.error && (
        <Alert color="red" title="Could not load orders">
          {list.error}. Reload the page to try again.
        </Alert>
      )}
      {!list.data && !list.error && <Skeleton h={200} radius="lg" />}
      {list.data?.orders.length === 0 && (
        <FeatureEmptyState
          icon={<IconReceipt size={28} stroke={1.5} />}
          title="No orders yet"
          description="When you check out a cart of domains, the order shows up here with each domain's progress."
        />
      )}
      {list.data && list.data.orders.length > 0 && (
        <Paper withBorder radius="lg" p="xs">
          <Table.ScrollContainer minWidth={680}>
            <Table verticalSpacing="sm" highlightOnHover data-testid="orders-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Placed</Table.Th>
                  <Table.Th>Domains</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th ta="right">Total</Table.Th>
                  <Table.Th ta="right">Refunded</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.orders.map((o) => (
                  <Table.Tr key={o.id}>
                    <Table.Td>
                      <Anchor component={Link} href={`/domains/orders/${o.id}`} size="sm" fw={500}>
                        {formatDateTime(o.createdAt)}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" maw={420} style={{ overflowWrap: "anywhere" }}>
                        {domainsOf(o)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <OrderStatusBadge status={o.status} />
                    </Table.Td>
                    <Table.Td ta="right" style={{ fontVariantNumeric: "tabular-nums" }}>
                      {formatMoney(o.totalCents, o.currency)}
                    </Table.Td>
                    <Table.Td ta="right" style={{ fontVariantNumeric: "tabular-nums" }}>
                      {o.refundedCents > 0 ? formatMoney(o.refundedCents, o.currency) : "—"}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
    </>
  );
}
