"use client";
import { Anchor, Badge, Button, Group, Paper, Table, Text } from "@mantine/core";
import { IconTrash } from "@tabler/icons-react";
import { Fragment, useState } from "react";
import { formatMoney } from "../money";
import type { Cart, CartItem } from "../types";
import { ExtensionDetailsForm } from "./extension-details-form";

type Props = {
  cart: Cart;
  removing: Set<string>;
  onRemove: (item: CartItem) => void;
  onSaved: (item: CartItem) => void;
  disabled: boolean;
};

const years = (n: number) => `${n} ${n === 1 ? "year" : "years"}`;
const COLUMNS = 5;

/** The registrant details a line was given, in words: "Nexus category: C11 · Purpose: P1". */
function givenDetails(item: CartItem): string {
  return item.extensionFields
    .filter((f) => item.extensionValues[f.key])
    .map((f) => {
      const v = item.extensionValues[f.key]!;
      return `${f.label}: ${f.options?.find((o) => o.value === v)?.label ?? v}`;
    })
    .join(" · ");
}

/**
 * The domains in the cart: each one's term (the TLD's minimum), the price of that term, the
 * renewal price a year after it, where its DNS will live, and the registrant details its TLD asks
 * for (a form until they are given).
 */
export function CartTable({ cart, removing, onRemove, onSaved, disabled }: Props) {
  const [editing, setEditing] = useState<Set<string>>(new Set());
  const toggle = (id: string, on: boolean) =>
    setEditing((s) => {
      const next = new Set(s);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  return (
    <Paper withBorder radius="lg" p="xs">
      <Table.ScrollContainer minWidth={640}>
        <Table verticalSpacing="sm" data-testid="cart-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Domain</Table.Th>
              <Table.Th>Term</Table.Th>
              <Table.Th ta="right">Due now</Table.Th>
              <Table.Th ta="right">Renews at</Table.Th>
              <Table.Th w={120} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {cart.items.map((item) => (
              <Fragment key={item.id}>
                <Table.Tr
                  data-testid="cart-item"
                  data-name={item.name}
                  data-needs-details={item.needsDetails ? "true" : "false"}
                  style={item.extensionFields.length ? { borderBottom: "none" } : undefined}
                >
                  <Table.Td>
                    <Group gap={8} wrap="nowrap">
                      <Text size="sm" fw={500} style={{ overflowWrap: "anywhere" }}>
                        {item.displayName}
                      </Text>
                      {item.needsDetails && (
                        <Badge size="xs" color="orange" variant="light" data-testid="needs-details">
                          needs details
                        </Badge>
                      )}
                    </Group>
                    {item.displayName !== item.name && (
                      <Text size="xs" c="dimmed">
                        {item.name}
                      </Text>
                    )}
                    {item.dnsNote && (
                      <Text size="xs" c="dimmed" data-testid="dns-note">
                        {item.dnsNote}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" data-testid="cart-term" style={{ whiteSpace: "nowrap" }}>
                      {years(item.years)}
                      {item.years > 1 ? " minimum" : ""}
                    </Text>
                  </Table.Td>
                  <Table.Td
                    ta="right"
                    style={{ fontVariantNumeric: "tabular-nums", whiteSpace: "nowrap" }}
                    data-testid="cart-price"
                  >
                    {formatMoney(item.priceCents, item.currency)}
                  </Table.Td>
                  <Table.Td
                    ta="right"
                    style={{ fontVariantNumeric: "tabular-nums", whiteSpace: "nowrap" }}
                    data-testid="cart-renewal"
                  >
                    {item.renewalPriceCents === null ? (
                      <Text size="sm" c="dimmed" span>
                        not given
                      </Text>
                    ) : (
                      `${formatMoney(item.renewalPriceCents, item.currency)} / year`
                    )}
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
                {item.extensionFields.length > 0 && (
                  <Table.Tr>
                    <Table.Td colSpan={COLUMNS} pt={0}>
                      {item.needsDetails || editing.has(item.id) ? (
                        <Paper withBorder radius="md" p="sm" bg="var(--mantine-color-gray-0)">
                          <ExtensionDetailsForm
                            item={item}
                            onSaved={(saved) => {
                              toggle(item.id, false);
                              onSaved(saved);
                            }}
                          />
                        </Paper>
                      ) : (
                        <Group gap="xs" data-testid="details-given">
                          <Text size="xs" c="dimmed" style={{ overflowWrap: "anywhere" }}>
                            Registrant details: {givenDetails(item) || "none needed"}
                          </Text>
                          <Anchor
                            size="xs"
                            component="button"
                            type="button"
                            onClick={() => toggle(item.id, true)}
                          >
                            Edit
                          </Anchor>
                        </Group>
                      )}
                    </Table.Td>
                  </Table.Tr>
                )}
              </Fragment>
            ))}
          </Table.Tbody>
          <Table.Tfoot>
            <Table.Tr>
              <Table.Th colSpan={2}>
                Total due now · {cart.items.length} {cart.items.length === 1 ? "domain" : "domains"}
              </Table.Th>
              <Table.Th
                ta="right"
                fz="md"
                data-testid="cart-total"
                style={{ fontVariantNumeric: "tabular-nums" }}
              >
                {formatMoney(cart.totalCents, cart.currency)}
              </Table.Th>
              <Table.Th
                ta="right"
                fw={400}
                data-testid="cart-renewal-total"
                style={{ fontVariantNumeric: "tabular-nums", whiteSpace: "nowrap" }}
              >
                {cart.renewalTotalCents === null
                  ? ""
                  : `${formatMoney(cart.renewalTotalCents, cart.currency)} / year`}
              </Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Tfoot>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}
