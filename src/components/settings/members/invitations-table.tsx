"use client";
import { ActionIcon, Button, CopyButton, Table, Text, Tooltip } from "@mantine/core";
import { IconCheck, IconLink } from "@tabler/icons-react";
import { formatDateTime } from "@/components/ui/format";
import { ListTable } from "@/components/ui/list-table";
import { RoleBadge } from "@/components/ui/role-badge";
import { type Invitation, inviteLink } from "./types";

type Props = { invitations: Invitation[]; canManage: boolean; onCancel: (invitation: Invitation) => void };

export function InvitationsTable({ invitations, canManage, onCancel }: Props) {
  return (
    <ListTable testId="invitations-table" minWidth={560} columns={["Email", "Role", "Expires", {}]}>
      {invitations.map((inv) => (
        <Table.Tr key={inv.id}>
          <Table.Td>
            <Text size="sm">{inv.email}</Text>
          </Table.Td>
          <Table.Td>
            <RoleBadge role={inv.role} />
          </Table.Td>
          <Table.Td>{formatDateTime(inv.expiresAt)}</Table.Td>
          <Table.Td ta="right" style={{ whiteSpace: "nowrap" }}>
            <CopyButton value={inviteLink(inv.id)}>
              {({ copied, copy }) => (
                <Tooltip label={copied ? "Copied" : "Copy invitation link"}>
                  <ActionIcon
                    variant="subtle"
                    color={copied ? "teal" : "gray"}
                    onClick={copy}
                    aria-label="Copy invitation link"
                  >
                    {copied ? <IconCheck size={16} /> : <IconLink size={16} />}
                  </ActionIcon>
                </Tooltip>
              )}
            </CopyButton>
            {canManage && (
              <Button size="xs" variant="subtle" color="red" ml="xs" onClick={() => onCancel(inv)}>
                Cancel
              </Button>
            )}
          </Table.Td>
        </Table.Tr>
      ))}
    </ListTable>
  );
}
