"use client";
import { Alert, Badge, Button, Group, Table, Text } from "@mantine/core";
import { IconPlugConnected, IconTrash } from "@tabler/icons-react";
import { formatDateTime } from "@/components/ui/format";

export type ProviderAccount = {
  id: string;
  kind: "registrar" | "dns";
  provider: "cloudflare" | "namecom" | "powerdns";
  label: string;
  config: Record<string, unknown>;
  status: "untested" | "ok" | "error";
  lastError: string | null;
  lastTestedAt: string | null;
  createdAt: string;
};

export type ProviderAccountTest = { ok: boolean; error: string | null; account: ProviderAccount };

export const providerNames: Record<ProviderAccount["provider"], string> = {
  cloudflare: "Cloudflare",
  namecom: "Name.com",
  powerdns: "PowerDNS",
};

/** The non-secret settings in words: which account, which environment. */
function details(a: ProviderAccount): string {
  const c = a.config;
  if (a.provider === "cloudflare") {
    return `Account ${String(c.accountId ?? "")}${c.sandbox ? " · Registrar Sandbox" : ""}`;
  }
  if (a.provider === "namecom")
    return `User ${String(c.username ?? "")}${c.testEnv ? " · test environment" : ""}`;
  const ns = Array.isArray(c.nameservers) ? c.nameservers.join(", ") : "";
  return `${String(c.apiUrl ?? "")} · server ${String(c.serverId ?? "localhost")}${ns ? ` · ${ns}` : ""}`;
}

const statusBadge = {
  ok: { color: "teal", label: "Connected" },
  error: { color: "red", label: "Failed" },
  untested: { color: "gray", label: "Not tested" },
} as const;

type Props = {
  accounts: ProviderAccount[];
  canManage: boolean;
  testing: string | null;
  onTest: (account: ProviderAccount) => void;
  onDelete: (account: ProviderAccount) => void;
};

export function ProviderAccountsTable({ accounts, canManage, testing, onTest, onDelete }: Props) {
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table verticalSpacing="sm" data-testid="provider-accounts-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Account</Table.Th>
            <Table.Th w={130}>Used for</Table.Th>
            <Table.Th w={220}>Connection</Table.Th>
            {canManage && <Table.Th w={260} />}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {accounts.map((a) => {
            const badge = statusBadge[a.status];
            return (
              <Table.Tr key={a.id} data-testid={`provider-account-${a.id}`}>
                <Table.Td>
                  <Group gap="xs">
                    <Text size="sm" fw={600}>
                      {a.label}
                    </Text>
                    <Badge variant="light" color="indigo" tt="none">
                      {providerNames[a.provider]}
                    </Badge>
                  </Group>
                  <Text size="xs" c="dimmed" style={{ wordBreak: "break-all" }}>
                    {details(a)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{a.kind === "registrar" ? "Buying domains" : "DNS zones"}</Text>
                </Table.Td>
                <Table.Td>
                  <Badge variant="light" color={badge.color} data-testid="provider-account-status">
                    {badge.label}
                  </Badge>
                  {a.lastTestedAt && (
                    <Text size="xs" c="dimmed" mt={2}>
                      Tested {formatDateTime(a.lastTestedAt)}
                    </Text>
                  )}
                </Table.Td>
                {canManage && (
                  <Table.Td>
                    <Group gap="xs" justify="flex-end" wrap="nowrap">
                      <Button
                        size="xs"
                        variant="light"
                        leftSection={<IconPlugConnected size={14} />}
                        loading={testing === a.id}
                        onClick={() => onTest(a)}
                      >
                        Test connection
                      </Button>
                      <Button
                        size="xs"
                        variant="subtle"
                        color="red"
                        leftSection={<IconTrash size={14} />}
                        onClick={() => onDelete(a)}
                      >
                        Remove
                      </Button>
                    </Group>
                  </Table.Td>
                )}
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      {accounts
        .filter((a) => a.status === "error" && a.lastError)
        .map((a) => (
          <Alert
            key={a.id}
            color="red"
            variant="light"
            mt="xs"
            title={`${a.label}: the connection failed`}
            data-testid="provider-account-error"
          >
            {a.lastError}
          </Alert>
        ))}
    </Table.ScrollContainer>
  );
}
