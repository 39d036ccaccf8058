"use client";
import { Anchor } from "@mantine/core";
import { IconKey } from "@tabler/icons-react";
import { useState } from "react";
import { SettingsListPage } from "@/components/ui/settings-list-page";
import { ShownOnceSecretModal } from "@/components/ui/shown-once-secret-modal";
import { useConfirmedDelete } from "@/components/ui/use-confirmed-delete";
import { useSettingsList } from "@/components/ui/use-settings-list";
import { ApiKeysTable } from "./api-keys-table";
import { CreateApiKeyForm } from "./create-api-key-form";
import type { ApiKey } from "./types";

export function ApiKeysSettings() {
  const page = useSettingsList<ApiKey>("/api/v1/api-keys");
  const [created, setCreated] = useState<{ name: string; key: string } | null>(null);
  const revoking = useConfirmedDelete<ApiKey>({
    path: (k) => `/api/v1/api-keys/${k.id}`,
    title: "Revoke API key",
    question: (k) => `Revoke “${k.name}”? Anything using it stops working at once. This cannot be undone.`,
    confirmLabel: "Revoke key",
    done: (k) => `Key “${k.name}” revoked: requests with it are now refused`,
    failed: "Could not revoke the key",
    reload: page.list.reload,
  });

  return (
    <SettingsListPage
      title="API keys"
      description={
        <>
          Keys let your own code and tools use the Coldframe REST API on behalf of this workspace. See the{" "}
          <Anchor href="/api/v1/openapi.json" target="_blank" size="sm">
            OpenAPI document
          </Anchor>
          . A key acts with the role of the person who created it (at most admin) and stops working when they
          leave the workspace.
        </>
      }
      things="keys"
      {...page}
      adminCan="create or revoke keys"
      form={
        <CreateApiKeyForm
          onCreated={page.reloadAfter(({ key, apiKey }) => setCreated({ key, name: apiKey.name }))}
        />
      }
      empty={{
        icon: <IconKey size={28} stroke={1.5} />,
        title: "No API keys yet",
        description: "Create a key to call the API from scripts, your CRM or automation tools.",
      }}
      table={(keys) => <ApiKeysTable keys={keys} canRevoke={page.admin} onRevoke={revoking.ask} />}
    >
      <ShownOnceSecretModal
        secret={created?.key ?? null}
        title="Your new API key"
        warning={
          <>
            This is the only time the key “{created?.name}” is shown. Store it somewhere safe: you will not
            see it again. If you lose it, revoke it and create a new one.
          </>
        }
        copyLabel="Copy key"
        testId="created-api-key"
        usage={
          <>
            Send it as <code>Authorization: Bearer &lt;key&gt;</code> with every request to{" "}
            <code>/api/v1</code>.
          </>
        }
        onClose={() => setCreated(null)}
      />
      {revoking.modal}
    </SettingsListPage>
  );
}
