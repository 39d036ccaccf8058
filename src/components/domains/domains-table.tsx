"use client";
import { ActionIcon, Badge, Button, Code, Group, Table, Text, TextInput, Tooltip } from "@mantine/core";
import { IconCheck, IconTrash } from "@tabler/icons-react";
import { useState } from "react";
import { api } from "@/components/ui/api";
import { notifyError, notifySuccess } from "@/components/ui/notify";
import type { SendingDomain } from "./types";

function TrackingHostCell({ domain, onSaved }: { domain: SendingDomain; onSaved: () => void }) {
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
    <Group gap="xs" wrap="nowrap">
      <TextInput
        size="xs"
        w={220}
        placeholder={`track.${domain.name}`}
        aria-label={`Tracking host of ${domain.name}`}
        value={value}
        onChange={(e) => setValue(e.currentTarget.value)}
      />
      {dirty && (
        <Tooltip label="Save">
          <ActionIcon variant="light" onClick={save} loading={saving} aria-label="Save tracking host">
            <IconCheck size={16} />
          </ActionIcon>
        </Tooltip>
      )}
    </Group>
  );
}

export function DomainsTable({ domains, onChanged }: { domains: SendingDomain[]; onChanged: () => void }) {
  const remove = async (d: SendingDomain) => {
    try {
      await api(`/api/v1/domains/${d.id}`, { method: "DELETE" });
      onChanged();
    } catch (err) {
      notifyError(err, "Could not remove the domain");
    }
  };
  return (
    <Table verticalSpacing="sm" highlightOnHover>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Domain</Table.Th>
          <Table.Th>Tracking host</Table.Th>
          <Table.Th>DNS for tracking</Table.Th>
          <Table.Th>DKIM</Table.Th>
          <Table.Th />
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {domains.map((d) => (
          <Table.Tr key={d.id}>
            <Table.Td fw={500}>{d.name}</Table.Td>
            <Table.Td>
              <TrackingHostCell domain={d} onSaved={onChanged} />
            </Table.Td>
            <Table.Td>
              {d.trackingHost ? (
                <Text size="sm">
                  <Code>{d.trackingHost}</Code> CNAME <Code>{d.trackingCname}</Code>
                </Text>
              ) : (
                <Text size="sm" c="dimmed">
                  links use the app's address
                </Text>
              )}
            </Table.Td>
            <Table.Td>
              {d.dkim ? (
                <Badge color="teal">signing ({d.dkim.selector})</Badge>
              ) : (
                <Badge color="gray">no key</Badge>
              )}
            </Table.Td>
            <Table.Td>
              <Button
                variant="subtle"
                color="red"
                size="xs"
                leftSection={<IconTrash size={14} />}
                onClick={() => void remove(d)}
              >
                Remove
              </Button>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
