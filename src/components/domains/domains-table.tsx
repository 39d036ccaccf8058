"use client";
import { ActionIcon, Anchor, Group, Menu, Stack, Table, Text, TextInput, Tooltip } from "@mantine/core";
import { IconCheck, IconDots, IconExternalLink, IconTrash } from "@tabler/icons-react";
import Link from "next/link";
import { useState } from "react";
import { DomainStatusBadge } from "@/components/domain-shop/orders/order-status-badge";
import type { DomainStatus } from "@/components/domain-shop/types";
import { api } from "@/components/ui/api";
import { notifyError, notifySuccess } from "@/components/ui/notify";
import { ADMIN_ONLY_HINT, useIsAdmin } from "@/components/ui/use-is-admin";
import { AgeBadge, CheckMarks, HealthSummary } from "./health-marks";
import { RenewalCell } from "./renewal-cell";
import type { DomainOverview } from "./types";

function TrackingHostCell({ domain, onSaved }: { domain: DomainOverview; onSaved: () => void }) {
  const [value, setValue] = useState(domain.trackingHost ?? "");
  const [saving, setSaving] = useState(false);
  const dirty = value.trim() !== (domain.trackingHost ?? "");
  const save = async () => {
    setSaving(true);
    try {
      await api(`/api/v1/domains/${domain.id}`, {
        method: "PATCH",
        body: { trackingHost: value.trim() || null },
      });
      notifySuccess(
        value.trim() ? `Links of ${domain.name} now go through ${value.trim()}` : "Tracking host removed",
      );
      onSaved();
    } catch (err) {
      notifyError(err, "Could not save the tracking host");
    } finally {
      setSaving(false);
    }
  };
  return (
    <Stack gap={2}>
      <Group gap="xs" wrap="nowrap">
        <TextInput
          size="xs"
          w={160}
          placeholder={`track.${domain.name}`}
          aria-label={`Tracking host of ${domain.name}`}
          value={value}
          onChange={(e) => setValue(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter" && dirty) void save();
          }}
        />
        {dirty && (
          <Tooltip label="Save">
            <ActionIcon variant="light" onClick={save} loading={saving} aria-label="Save tracking host">
              <IconCheck size={16} />
            </ActionIcon>
          </Tooltip>
        )}
      </Group>
      <Text size="xs" c="dimmed" maw={170}>
        {domain.trackingHost ? `CNAME → ${domain.trackingCname}` : "links use the app's address"}
      </Text>
    </Stack>
  );
}

/** The workspace's domains: status, health, age, the four DNS checks, and the tracking host. */
export function DomainsTable({ domains, onChanged }: { domains: DomainOverview[]; onChanged: () => void }) {
  const admin = useIsAdmin();
  const remove = async (d: DomainOverview) => {
    try {
      await api(`/api/v1/domains/${d.id}`, { method: "DELETE" });
      onChanged();
    } catch (err) {
      notifyError(err, "Could not remove the domain");
    }
  };
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table verticalSpacing="sm" highlightOnHover data-testid="domains-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Domain</Table.Th>
            <Table.Th miw={70}>Health</Table.Th>
            <Table.Th>Checks</Table.Th>
            <Table.Th miw={120}>Age</Table.Th>
            <Table.Th miw={130}>Renewal</Table.Th>
            <Table.Th>Tracking host</Table.Th>
            <Table.Th w={40} />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {domains.map((d) => (
            <Table.Tr key={d.id} data-testid="domain-row" data-name={d.name}>
              <Table.Td>
                <Stack gap={4} align="flex-start">
                  <Anchor
                    component={Link}
                    href={`/domains/${d.id}`}
                    fw={600}
                    c="inherit"
                    style={{ whiteSpace: "nowrap" }}
                  >
                    {d.name}
                  </Anchor>
                  <DomainStatusBadge status={d.status as DomainStatus} />
                </Stack>
              </Table.Td>
              <Table.Td>
                <HealthSummary health={d.health} />
              </Table.Td>
              <Table.Td>
                <CheckMarks marks={d.marks} size="sm" />
              </Table.Td>
              <Table.Td>
                <AgeBadge age={d.age} />
              </Table.Td>
              <Table.Td>
                <RenewalCell renewal={d.renewal} />
              </Table.Td>
              <Table.Td>
                <TrackingHostCell domain={d} onSaved={onChanged} />
              </Table.Td>
              <Table.Td>
                <Menu position="bottom-end" withinPortal>
                  <Menu.Target>
                    <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${d.name}`}>
                      <IconDots size={16} />
                    </ActionIcon>
                  </Menu.Target>
                  <Menu.Dropdown>
                    <Menu.Item
                      component={Link}
                      href={`/domains/${d.id}`}
                      leftSection={<IconExternalLink size={14} />}
                    >
                      Open health and DNS
                    </Menu.Item>
                    <Menu.Item
                      color="red"
                      leftSection={<IconTrash size={14} />}
                      disabled={!admin}
                      title={admin ? undefined : ADMIN_ONLY_HINT}
                      onClick={() => void remove(d)}
                    >
                      {admin ? "Remove" : "Remove (admins only)"}
                    </Menu.Item>
                  </Menu.Dropdown>
                </Menu>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
