"use client";
import { Badge, Button, Code, Table, Text } from "@mantine/core";
import { formatDateTime } from "@/components/ui/format";
import type { ApiKey } from "./types";

type Props = { keys: ApiKey[]; canRevoke: boolean; onRevoke: (key: ApiKey) => void };

export function ApiKeysTable({ keys, canRevoke, onRevoke }: Props) {
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table verticalSpacing="sm" highlightOnHover data-testid="api-keys-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Key</Table.Th>
            <Table.Th>Created by</Table.Th>
            <Table.Th>Created</Table.Th>
            <Table.Th>Last used</Table.Th>
            <Table.Th>Status</Table.Th>
            {canRevoke && <Table.Th />}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {keys.map((k) => (
            <Table.Tr key={k.id} data-testid={`api-key-row-${k.id}`}>
              <Table.Td>
                <Text size="sm" fw={500}>
                  {k.name}
                </Text>
              </Table.Td>
              <Table.Td>
                <Code>{k.prefix}…</Code>
              </Table.Td>
              <Table.Td>
                <CreatedBy creator={k.createdBy} />
              </Table.Td>
              <Table.Td>{formatDateTime(k.createdAt)}</Table.Td>
              <Table.Td>{formatDateTime(k.lastUsedAt, "Never")}</Table.Td>
              <Table.Td>
                {k.revokedAt ? (
                  <Badge color="gray" variant="light">
                    Revoked
                  </Badge>
                ) : (
                  <Badge color="teal" variant="light">
                    Active
                  </Badge>
                )}
              </Table.Td>
              {canRevoke && (
                <Table.Td ta="right">
                  {!k.revokedAt && (
                    <Button size="xs" variant="subtle" color="red" onClick={() => onRevoke(k)}>
                      Revoke
                    </Button>
                  )}
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** Who made the key: it works with their role, and only while they are a member. */
function CreatedBy({ creator }: { creator: ApiKey["createdBy"] }) {
  if (!creator)
    return (
      <Text size="sm" c="dimmed">
        A deleted user
      </Text>
    );
  return (
    <div>
      <Text size="sm">{creator.name}</Text>
      <Text size="xs" c="dimmed">
        {creator.email}
        {creator.isMember ? "" : " · left the workspace"}
      </Text>
    </div>
  );
}
