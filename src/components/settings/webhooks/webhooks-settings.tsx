"use client";
import { Alert, Paper, Skeleton, Stack, Text, Title } from "@mantine/core";
import { IconWebhook } from "@tabler/icons-react";
import { useState } from "react";
import { api } from "@/components/ui/api";
import { ConfirmModal } from "@/components/ui/confirm-modal";
import { FeatureEmptyState } from "@/components/ui/feature-empty-state";
import { canManage, type Me } from "@/components/ui/me";
import { notifyError, notifySuccess } from "@/components/ui/notify";
import { useApi } from "@/components/ui/use-api";
import { CreateWebhookForm } from "./create-webhook-form";
import { CreatedSecretModal } from "./created-secret-modal";
import type { Webhook, WebhookTestResult } from "./types";
import { WebhooksTable } from "./webhooks-table";

export function WebhooksSettings() {
  const me = useApi<Me>("/api/v1/me");
  const list = useApi<{ data: Webhook[] }>("/api/v1/webhooks");
  const [created, setCreated] = useState<{ url: string; secret: string } | null>(null);
  const [deleting, setDeleting] = useState<Webhook | null>(null);
  const [testing, setTesting] = useState<string | null>(null);
  const [toggling, setToggling] = useState<string | null>(null);
  const [results, setResults] = useState<Record<string, WebhookTestResult>>({});
  const admin = canManage(me.data?.role);

  const test = async (w: Webhook) => {
    setTesting(w.id);
    try {
      const result = await api<WebhookTestResult>(`/api/v1/webhooks/${w.id}/test`, { body: {} });
      setResults((r) => ({ ...r, [w.id]: result }));
    } catch (err) {
      notifyError(err, "Could not send the test event");
    } finally {
      setTesting(null);
    }
  };

  const toggle = async (w: Webhook, enabled: boolean) => {
    setToggling(w.id);
    try {
      await api<Webhook>(`/api/v1/webhooks/${w.id}`, { method: "PATCH", body: { enabled } });
      notifySuccess(
        enabled ? `${w.url} receives events again` : `${w.url} receives no events until turned on`,
      );
      await list.reload();
    } catch (err) {
      notifyError(err, "Could not change the endpoint");
    } finally {
      setToggling(null);
    }
  };

  const remove = async () => {
    if (!deleting) return;
    try {
      await api(`/api/v1/webhooks/${deleting.id}`, { method: "DELETE" });
      notifySuccess(`${deleting.url} no longer receives events`);
      setDeleting(null);
      await list.reload();
    } catch (err) {
      notifyError(err, "Could not delete the endpoint");
    }
  };

  return (
    <Stack gap="lg" maw={960}>
      <Paper withBorder p="lg" radius="lg">
        <Title order={3} fz="lg" mb={4}>
          Webhooks
        </Title>
        <Text size="sm" c="dimmed" mb="md">
          Coldframe POSTs a signed JSON event to your endpoints when a lead replies, bounces, unsubscribes or
          shows interest, and retries for about two hours while they fail.
        </Text>
        {me.data && !admin && (
          <Alert color="gray" variant="light">
            Only owners and admins can add, test, turn off or delete endpoints.
          </Alert>
        )}
        {admin && (
          <CreateWebhookForm
            onCreated={({ secret, webhook }) => {
              setCreated({ secret, url: webhook.url });
              void list.reload();
            }}
          />
        )}
      </Paper>
      {list.error && (
        <Alert color="red" title="Could not load the endpoints">
          {list.error}
        </Alert>
      )}
      {!list.data && !list.error && <Skeleton h={160} radius="lg" />}
      {list.data && list.data.data.length === 0 && (
        <FeatureEmptyState
          icon={<IconWebhook size={28} stroke={1.5} />}
          title="No webhook endpoints yet"
          description="Add an endpoint to send replies, bounces and unsubscribes to your CRM or automation tools."
        />
      )}
      {list.data && list.data.data.length > 0 && (
        <Paper withBorder radius="lg" p="xs">
          <WebhooksTable
            webhooks={list.data.data}
            canManage={admin}
            testing={testing}
            results={results}
            toggling={toggling}
            onTest={test}
            onToggle={toggle}
            onDelete={setDeleting}
          />
        </Paper>
      )}
      <CreatedSecretModal created={created} onClose={() => setCreated(null)} />
      <ConfirmModal
        opened={deleting !== null}
        title="Delete webhook endpoint"
        message={`Delete ${deleting?.url ?? ""}? It stops receiving events at once, and its pending deliveries are dropped.`}
        confirmLabel="Delete endpoint"
        onConfirm={remove}
        onClose={() => setDeleting(null)}
      />
    </Stack>
  );
}
