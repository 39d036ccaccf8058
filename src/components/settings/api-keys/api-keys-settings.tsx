"use client";
import { Alert, Anchor, Paper, Skeleton, Stack, Text, Title } from "@mantine/core";
import { IconKey } from "@tabler/icons-react";
import { useState } from "react";
import { api } from "@/components/ui/api";
import { ConfirmModal } from "@/components/ui/confirm-modal";
import { FeatureEmptyState } from "@/components/ui/feature-empty-state";
import { canManage, type Me } from "@/components/ui/me";
import { notifyError, notifySuccess } from "@/components/ui/notify";
import { useApi } from "@/components/ui/use-api";
import { ApiKeysTable } from "./api-keys-table";
import { CreateApiKeyForm } from "./create-api-key-form";
import { CreatedKeyModal } from "./created-key-modal";
import type { ApiKey } from "./types";

export function ApiKeysSettings() {
  const me = useApi<Me>("/api/v1/me");
  const list = useApi<{ data: ApiKey[] }>("/api/v1/api-keys");
  const [created, setCreated] = useState<{ name: string; key: string } | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const admin = canManage(me.data?.role);

  const revoke = async () => {
    if (!revoking) return;
    try {
      await api(`/api/v1/api-keys/${revoking.id}`, { method: "DELETE" });
      notifySuccess(`Key “${revoking.name}” revoked: requests with it are now refused`);
      setRevoking(null);
      await list.reload();
    } catch (err) {
      notifyError(err, "Could not revoke the key");
    }
  };

  return (
    <Stack gap="lg" maw={960}>
      <Paper withBorder p="lg" radius="lg">
        <Title order={3} fz="lg" mb={4}>
          API keys
        </Title>
        <Text size="sm" c="dimmed" mb="md">
          Keys let your own code and tools use the Coldframe REST API on behalf of this workspace. See the{" "}
          <Anchor href="/api/v1/openapi.json" target="_blank" size="sm">
            OpenAPI document
          </Anchor>
          . A key acts with the role of the person who created it (at most admin) and stops working when they
          leave the workspace.
        </Text>
        {me.data && !admin && (
          <Alert color="gray" variant="light">
            Only owners and admins can create or revoke keys.
          </Alert>
        )}
        {admin && (
          <CreateApiKeyForm
            onCreated={({ key, apiKey }) => {
              setCreated({ key, name: apiKey.name });
              void list.reload();
            }}
          />
        )}
      </Paper>
      {list.error && (
        <Alert color="red" title="Could not load the keys">
          {list.error}
        </Alert>
      )}
      {!list.data && !list.error && <Skeleton h={160} radius="lg" />}
      {list.data && list.data.data.length === 0 && (
        <FeatureEmptyState
          icon={<IconKey size={28} stroke={1.5} />}
          title="No API keys yet"
          description="Create a key to call the API from scripts, your CRM or automation tools."
        />
      )}
      {list.data && list.data.data.length > 0 && (
        <Paper withBorder radius="lg" p="xs">
          <ApiKeysTable keys={list.data.data} canRevoke={admin} onRevoke={setRevoking} />
        </Paper>
      )}
      <CreatedKeyModal created={created} onClose={() => setCreated(null)} />
      <ConfirmModal
        opened={revoking !== null}
        title="Revoke API key"
        message={`Revoke “${revoking?.name ?? ""}”? Anything using it stops working at once. This cannot be undone.`}
        confirmLabel="Revoke key"
        onConfirm={revoke}
        onClose={() => setRevoking(null)}
      />
    </Stack>
  );
}
