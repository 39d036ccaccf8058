"use client";
import { Alert, Paper, Skeleton, Stack, Text, Title } from "@mantine/core";
import { IconWorldWww } from "@tabler/icons-react";
import { useState } from "react";
import { api } from "@/components/ui/api";
import { ConfirmModal } from "@/components/ui/confirm-modal";
import { FeatureEmptyState } from "@/components/ui/feature-empty-state";
import { canManage, type Me } from "@/components/ui/me";
import { notifyError, notifySuccess } from "@/components/ui/notify";
import { useApi } from "@/components/ui/use-api";
import { ProviderAccountForm } from "./provider-accounts-form";
import {
  type ProviderAccount,
  ProviderAccountsTable,
  type ProviderAccountTest,
} from "./provider-accounts-table";

/** Settings → Domain providers: the workspace's own registrar and DNS accounts. */
export function ProviderAccountsSettings() {
  const me = useApi<Me>("/api/v1/me");
  const list = useApi<{ data: ProviderAccount[] }>("/api/v1/provider-accounts");
  const [testing, setTesting] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<ProviderAccount | null>(null);
  const admin = canManage(me.data?.role);

  const test = async (a: ProviderAccount) => {
    setTesting(a.id);
    try {
      const result = await api<ProviderAccountTest>(`/api/v1/provider-accounts/${a.id}/test`, { body: {} });
      if (result.ok) notifySuccess(`${a.label}: connected`);
      await list.reload();
    } catch (err) {
      notifyError(err, "Could not test the connection");
    } finally {
      setTesting(null);
    }
  };

  const remove = async () => {
    if (!deleting) return;
    try {
      await api(`/api/v1/provider-accounts/${deleting.id}`, { method: "DELETE" });
      notifySuccess(`${deleting.label} removed`);
      setDeleting(null);
      await list.reload();
    } catch (err) {
      notifyError(err, "Could not remove the account");
    }
  };

  return (
    <Stack gap="lg" maw={960}>
      <Paper withBorder p="lg" radius="lg">
        <Title order={3} fz="lg" mb={4}>
          Domain providers
        </Title>
        <Text size="sm" c="dimmed" mb="md">
          Connect your own registrar and DNS accounts. Without one, domains are bought through Coldframe's
          account and paid by card at checkout. Tokens and keys are stored encrypted and never shown again.
        </Text>
        {me.data && !admin && (
          <Alert color="gray" variant="light">
            Only owners and admins can add, test or remove provider accounts.
          </Alert>
        )}
        {admin && <ProviderAccountForm onCreated={() => void list.reload()} />}
      </Paper>
      {list.error && (
        <Alert color="red" title="Could not load the accounts">
          {list.error}
        </Alert>
      )}
      {!list.data && !list.error && <Skeleton h={120} radius="lg" />}
      {list.data && list.data.data.length === 0 && (
        <FeatureEmptyState
          icon={<IconWorldWww size={28} stroke={1.5} />}
          title="No provider accounts yet"
          description="Add a Cloudflare or Name.com account to buy domains with it, or a PowerDNS server to host their DNS."
        />
      )}
      {list.data && list.data.data.length > 0 && (
        <Paper withBorder radius="lg" p="xs">
          <ProviderAccountsTable
            accounts={list.data.data}
            canManage={admin}
            testing={testing}
            onTest={test}
            onDelete={setDeleting}
          />
        </Paper>
      )}
      <ConfirmModal
        opened={deleting !== null}
        title="Remove provider account"
        message={`Remove ${deleting?.label ?? ""}? Its credentials are deleted. Domains still using it keep it until moved.`}
        confirmLabel="Remove account"
        onConfirm={remove}
        onClose={() => setDeleting(null)}
      />
    </Stack>
  );
}
