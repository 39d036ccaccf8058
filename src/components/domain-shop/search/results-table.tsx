"use client";
import { Badge, Button, Group, Paper, Stack, Table, Text, Tooltip } from "@mantine/core";
import { IconCheck, IconShoppingCartPlus } from "@tabler/icons-react";
import { Fragment } from "react";
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

/** The first term's price, with the term when it is more than a year (".ai: 2 years minimum"). */
function TermPrice({ result: r }: { result: SearchResult }) {
  return (
    <Stack gap={0} align="flex-end">
      <Price cents={r.priceCents} currency={r.currency} />
      {r.minYears > 1 && (
        <Text size="xs" c="dimmed" data-testid="min-term">
          {r.minYears} years minimum
        </Text>
      )}
    </Stack>
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
      variant={buyable ? "light" : "default"}
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

/** The name without its TLD, as people read it: "bücher" for bücher.co.uk. */
function labelOf(r: SearchResult): string {
  const suffix = `.${r.tld}`;
  if (r.displayName.endsWith(suffix)) return r.displayName.slice(0, -suffix.length);
  return r.displayName.slice(0, r.displayName.indexOf("."));
}

/** Results in runs of the same label (acme.com, acme.net, …), in the order the API gave them. */
function byLabel(results: SearchResult[]): { label: string; rows: SearchResult[] }[] {
  const groups: { label: string; rows: SearchResult[] }[] = [];
  for (const r of results) {
    const last = groups[groups.length - 1];
    if (last && last.label === r.label) last.rows.push(r);
    else groups.push({ label: r.label, rows: [r] });
  }
  return groups;
}

/**
 * One row per name × TLD under a heading per name: availability, the first term's price (the TLD's
 * minimum term), one renewal year's price, and a button to put it in the cart (never for a TLD
 * that is not sold yet).
 */
export function ResultsTable({ results, adding, onAdd }: Props) {
  return (
    <Paper withBorder radius="lg" p="xs">
      <Table.ScrollContainer minWidth={680}>
        <Table verticalSpacing="xs" highlightOnHover data-testid="search-results">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Domain</Table.Th>
              <Table.Th>Availability</Table.Th>
              <Table.Th ta="right">First term</Table.Th>
              <Table.Th ta="right">Renews at / year</Table.Th>
              <Table.Th w={150} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {byLabel(results).map((g) => (
              <Fragment key={`${g.label}-${g.rows[0]!.name}`}>
                <Table.Tr bg="var(--mantine-color-gray-0)">
                  <Table.Td colSpan={5} py={6}>
                    <Group gap="xs">
                      <Text size="sm" fw={700}>
                        {labelOf(g.rows[0]!)}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {g.rows.filter((r) => availabilityOf(r) === "available").length} of {g.rows.length}{" "}
                        available
                      </Text>
                    </Group>
                  </Table.Td>
                </Table.Tr>
                {g.rows.map((r) => (
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
                        {r.sellable && r.extensionFields.some((f) => f.required) && (
                          <Tooltip
                            label={`The registry asks for: ${r.extensionFields.map((f) => f.label).join(", ")}. The cart asks for them before checkout.`}
                            multiline
                            w={260}
                            withArrow
                          >
                            <Badge size="xs" variant="outline" color="blue" style={{ flexShrink: 0 }}>
                              extra details
                            </Badge>
                          </Tooltip>
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
                      {r.available && !r.premium ? <TermPrice result={r} /> : null}
                    </Table.Td>
                    <Table.Td ta="right">
                      {r.available && !r.premium ? (
                        <Price cents={r.renewalCents} currency={r.currency} />
                      ) : null}
                    </Table.Td>
                    <Table.Td ta="right">
                      <AddButton result={r} busy={adding.has(r.name)} onAdd={() => onAdd(r)} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Fragment>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}
