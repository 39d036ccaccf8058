"use client";
import { Badge, Button, Group, Paper, Table, Text } from "@mantine/core";
import { IconCheck, IconShoppingCartPlus } from "@tabler/icons-react";
import { formatMoney } from "../money";
import type { SearchResult } from "../types";
import { AvailabilityBadge, availabilityOf } from "./availability-badge";

type Props = {
  results: SearchResult[];
  /** names being added to the cart right now */
  adding: Set<string>;
  onAdd: (r: SearchResult) => void;
};

function Price({ cents, currency }: { cents: number | null; currency: string }) {
  if (cents === null)
    return (
      <Text size="sm" c="dimmed" span>
        —
      </Text>
    );
  return (
    <Text size="sm" span style={{ fontVariantNumeric: "tabular-nums" }}>
      {formatMoney(cents, currency)}
    </Text>
  );
}

function AddButton({ result, busy, onAdd }: { result: SearchResult; busy: boolean; onAdd: () => void }) {
  if (result.inCart)
    return (
      <Button size="xs" variant="light" color="teal" leftSection={<IconCheck size={14} />} disabled>
        In cart
      </Button>
    );
  const buyable = availabilityOf(result) === "available";
  return (
    <Button
      size="xs"
      variant={buyable ? "filled" : "default"}
      leftSection={<IconShoppingCartPlus size={14} />}
      disabled={!buyable}
      loading={busy}
      onClick={onAdd}
      aria-label={`Add ${result.displayName} to cart`}
    >
      Add to cart
    </Button>
  );
}

/** One row per name × TLD: availability, yearly price and renewal, and a button to put it in the cart. */
export function ResultsTable({ results, adding, onAdd }: Props) {
  return (
    <Paper withBorder radius="lg" p="xs">
      <Table.ScrollContainer minWidth={680}>
        <Table verticalSpacing="xs" highlightOnHover data-testid="search-results">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Domain</Table.Th>
              <Table.Th>Availability</Table.Th>
              <Table.Th ta="right">Price / year</Table.Th>
              <Table.Th ta="right">Renews at</Table.Th>
              <Table.Th w={150} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {results.map((r) => (
              <Table.Tr key={r.name} data-testid="search-result" data-name={r.name}>
                <Table.Td>
                  <Group gap={8} wrap="nowrap">
                    <Text size="sm" fw={500} style={{ overflowWrap: "anywhere" }}>
                      {r.displayName}
                    </Text>
                    {r.displayName !== r.name && (
                      <Text size="xs" c="dimmed" style={{ overflowWrap: "anywhere" }}>
                        {r.name}
                      </Text>
                    )}
                    {r.suggestion && (
                      <Badge size="xs" variant="outline" color="gray" style={{ flexShrink: 0 }}>
                        suggestion
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <AvailabilityBadge result={r} />
                </Table.Td>
                <Table.Td ta="right">
                  {r.available && !r.premium ? <Price cents={r.priceCents} currency={r.currency} /> : null}
                </Table.Td>
                <Table.Td ta="right">
                  {r.available && !r.premium ? <Price cents={r.renewalCents} currency={r.currency} /> : null}
                </Table.Td>
                <Table.Td ta="right">
                  <AddButton result={r} busy={adding.has(r.name)} onAdd={() => onAdd(r)} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}
