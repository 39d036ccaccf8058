"use client";
import { ActionIcon, Avatar, Group, Select, Table, Text, Tooltip } from "@mantine/core";
import { IconTrash } from "@tabler/icons-react";
import { formatDate } from "@/components/ui/format";
import { RoleBadge } from "@/components/ui/role-badge";
import { assignableRoles, type Member, type Role, roleOptions } from "./types";

type Props = {
  members: Member[];
  myUserId: string;
  myRole: Role;
  onChangeRole: (member: Member, role: Role) => void;
  onRemove: (member: Member) => void;
};

export function MembersTable({ members, myUserId, myRole, onChangeRole, onRemove }: Props) {
  const manager = myRole === "owner" || myRole === "admin";
  // Admins cannot touch owners; nobody edits themselves here (leaving is a separate act).
  const editable = (m: Member) =>
    manager && m.userId !== myUserId && (myRole === "owner" || m.role !== "owner");
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table verticalSpacing="sm" data-testid="members-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Member</Table.Th>
            <Table.Th>Role</Table.Th>
            <Table.Th>Joined</Table.Th>
            {manager && <Table.Th />}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {members.map((m) => (
            <Table.Tr key={m.id}>
              <Table.Td>
                <Group gap="sm" wrap="nowrap">
                  <Avatar name={m.user.name || m.user.email} color="initials" size={32} />
                  <div>
                    <Text size="sm" fw={500}>
                      {m.user.name}{" "}
                      {m.userId === myUserId && (
                        <Text span c="dimmed" size="xs">
                          (you)
                        </Text>
                      )}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {m.user.email}
                    </Text>
                  </div>
                </Group>
              </Table.Td>
              <Table.Td>
                {editable(m) ? (
                  <Select
                    size="xs"
                    w={120}
                    allowDeselect={false}
                    value={m.role}
                    aria-label={`Role of ${m.user.email}`}
                    data={roleOptions(assignableRoles(myRole))}
                    onChange={(v) => v && v !== m.role && onChangeRole(m, v as Role)}
                  />
                ) : (
                  <RoleBadge role={m.role} />
                )}
              </Table.Td>
              <Table.Td>{formatDate(m.createdAt)}</Table.Td>
              {manager && (
                <Table.Td ta="right">
                  {editable(m) && (
                    <Tooltip label="Remove from workspace">
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        onClick={() => onRemove(m)}
                        aria-label={`Remove ${m.user.email}`}
                      >
                        <IconTrash size={16} />
                      </ActionIcon>
                    </Tooltip>
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
