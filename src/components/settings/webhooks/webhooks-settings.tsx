"use client";
import { Code } from "@mantine/core";
import { IconWebhook } from "@tabler/icons-react";
import { useState } from "react";
import { api } from "@/components/ui/api";
import { notifySuccess } from "@/components/ui/notify";
import { SettingsListPage } from "@/components/ui/settings-list-page";
import { ShownOnceSecretModal } from "@/components/ui/shown-once-secret-modal";
import { useConfirmedDelete } from "@/components/ui/use-confirmed-delete";
import { useRowAction } from "@/components/ui/use-row-action";
import { useSettingsList } from "@/components/ui/use-settings-list";
import { CreateWebhookForm } from "./create-webhook-form";
import type { Webhook, WebhookTestResult } from "./types";
import { WebhooksTable } from "./webhooks-table";

export function WebhooksSettings() {
  const page = useSettingsList<Webhook>("/api/v1/webhooks");
  const [created, setCreated] = useState<{ url: string; secret: string } | null>(null);
  const [results, setResults] = useState<Record<string, WebhookTestResult>>({});
  const deleting = useConfirmedDelete<Webhook>({
    path: (w) => `/api/v1/webhooks/${w.id}`,
    title: "Delete webhook endpoint",
    question: (w) =>
      `Delete ${w.url}? It stops receiving events at once, and its pending deliveries are dropped.`,
    confirmLabel: "Delete endpoint",
    done: (w) => `${w.url} no longer receives events`,
    failed: "Could not delete the endpoint",
    reload: page.list.reload,
  });

  const testing = useRowAction(async (w: Webhook) => {
    const result = await api<WebhookTestResult>(`/api/v1/webhooks/${w.id}/test`, { body: {} });
    setResults((r) => ({ ...r, [w.id]: result }));
  }, "Could not send the test event");
  const toggling = useRowAction(async (w: Webhook, enabled: boolean) => {
    await api<Webhook>(`/api/v1/webhooks/${w.id}`, { method: "PATCH", body: { enabled } });
    notifySuccess(enabled ? `${w.url} receives events again` : `${w.url} receives no events until turned on`);
    await page.list.reload();
  }, "Could not change the endpoint");

  return (
    <SettingsListPage
      title="Webhooks"
      description="Coldframe POSTs a signed JSON event to your endpoints when a lead replies, bounces, unsubscribes or shows interest, and retries for about two hours while they fail."
      things="endpoints"
      {...page}
      adminCan="add, test, turn off or delete endpoints"
      form={
        <CreateWebhookForm
          onCreated={page.reloadAfter(({ secret, webhook }) => setCreated({ secret, url: webhook.url }))}
        />
      }
      empty={{
        icon: <IconWebhook size={28} stroke={1.5} />,
        title: "No webhook endpoints yet",
        description:
          "Add an endpoint to send replies, bounces and unsubscribes to your CRM or automation tools.",
      }}
      table={(webhooks) => (
        <WebhooksTable
          webhooks={webhooks}
          canManage={page.admin}
          testing={testing.busy}
          results={results}
          toggling={toggling.busy}
          onTest={testing.run}
          onToggle={toggling.run}
          onDelete={deleting.ask}
        />
      )}
    >
      <ShownOnceSecretModal
        secret={created?.secret ?? null}
        title="Your webhook signing secret"
        warning={
          <>
            This is the only time the secret for {created?.url} is shown. If you lose it, delete the endpoint
            and add it again.
          </>
        }
        copyLabel="Copy secret"
        testId="created-webhook-secret"
        usage={
          <>
            Each request carries <Code>Coldframe-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex&gt;</Code>,
            where the hex is HMAC-SHA256 of <Code>&lt;t&gt;.&lt;raw body&gt;</Code> keyed with this secret.
            Refuse requests whose signature does not match or whose timestamp is more than five minutes old,
            and ignore event ids you have already handled.
          </>
        }
        onClose={() => setCreated(null)}
      />
      {deleting.modal}
    </SettingsListPage>
  );
}
