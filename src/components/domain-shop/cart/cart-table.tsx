"use client";
import { Button, Paper, Table, Text } from "@mantine/core";
import { IconTrash } from "@tabler/icons-react";
import { formatMoney } from "../money";
import type { Cart, CartItem } from "../types";

type Props = { cart: Cart; removing: Set<string>; onRemove: (item: CartItem) => void; disabled: boolean };

const years = (n: number) => `${n} ${n === 1 ? "year" : "years"}`;

/** The domains in the cart with their price for the registration period, and the total. */
export function CartTable({ cart, removing, onRemove, disabled }: Props) {
  return (
    <Paper withBorder radius="lg" p="xs">
      <Table.ScrollContainer minWidth={560}>
        <Table verticalSpacing="sm" data-testid="cart-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Domain</Table.Th>
              <Table.Th>Period</Table.Th>
              <Table.Th ta="right">Price</Table.Th>
              <Table.Th w={120} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {cart.items.map((item) => (
              <Table.Tr key={item.id} data-testid="cart-item">
                <Table.Td>
                  <Text size="sm" fw={500} style={{ overflowWrap: "anywhere" }}>
                    {item.displayName}
                  </Text>
                  {item.displayName !== item.name && (
                    <Text size="xs" c="dimmed">
                      {item.name}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{years(item.years)}</Text>
                </Table.Td>
                <Table.Td ta="right" style={{ fontVariantNumeric: "tabular-nums" }}>
                  {formatMoney(item.priceCents, item.currency)}
                </Table.Td>
                <Table.Td ta="right">
                  <Button
                    size="xs"
                    variant="subtle"
                    color="red"
                    leftSection={<IconTrash size={14} />}
                    loading={removing.has(item.id)}
                    disabled={disabled}
                    onClick={() => onRemove(item)}
                    aria-label={`Remove ${item.displayName}`}
                  >
                    Remove
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
          <Table.Tfoot>
            <Table.Tr>
              <Table.Th colSpan={2}>
                Total · {cart.items.length} {cart.items.length === 1 ? "domain" : "domains"}
              </Table.Th>
              <Table.Th
                ta="right"
                fz="md"
                data-testid="cart-total"
                style={{ fontVariantNumeric: "tabular-nums" }}
              >
                {formatMoney(cart.totalCents, cart.currency)}
              </Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Tfoot>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}
