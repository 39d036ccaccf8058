"use client";
import { IconWorldWww } from "@tabler/icons-react";
import { useEffect } from "react";
import { ShopReadinessAlert } from "@/components/domain-shop/shop-readiness-alert";
import type { ShopReadiness } from "@/components/domain-shop/types";
import { api } from "@/components/ui/api";
import { notifySuccess } from "@/components/ui/notify";
import { SettingsListPage } from "@/components/ui/settings-list-page";
import { useApi } from "@/components/ui/use-api";
import { useConfirmedDelete } from "@/components/ui/use-confirmed-delete";
import { useRowAction } from "@/components/ui/use-row-action";
import { useSettingsList } from "@/components/ui/use-settings-list";
import { ProviderAccountForm } from "./provider-accounts-form";
import {
  type ProviderAccount,
  ProviderAccountsTable,
  type ProviderAccountTest,
} from "./provider-accounts-table";

/** Settings → Domain providers: the workspace's own registrar and DNS accounts. */
export function ProviderAccountsSettings() {
  const page = useSettingsList<ProviderAccount>("/api/v1/provider-accounts");
  const readiness = useApi<ShopReadiness>("/api/v1/domains/shop");
  const shop = readiness.data;
  // an account added or removed changes what the shop can do
  const { reload: reloadReadiness } = readiness;
  const accounts = page.list.data;
  useEffect(() => {
    if (accounts) void reloadReadiness();
  }, [accounts, reloadReadiness]);
  // what happens without an account of the workspace's own, as this server is configured
  const fallback = !shop
    ? ""
    : shop.platformRegistrars.length && shop.payments
      ? " Without one, domains are bought through this server's registrar account and paid by card at checkout."
      : " This server has no registrar account of its own with card payments, so buying domains needs one here.";
  const deleting = useConfirmedDelete<ProviderAccount>({
    path: (a) => `/api/v1/provider-accounts/${a.id}`,
    title: "Remove provider account",
    question: (a) =>
      `Remove ${a.label}? Its credentials are deleted. Domains still using it keep it until moved.`,
    confirmLabel: "Remove account",
    done: (a) => `${a.label} removed`,
    failed: "Could not remove the account",
    reload: page.list.reload,
  });

  const testing = useRowAction(async (a: ProviderAccount) => {
    const result = await api<ProviderAccountTest>(`/api/v1/provider-accounts/${a.id}/test`, { body: {} });
    if (result.ok) notifySuccess(`${a.label}: connected`);
    await page.list.reload();
  }, "Could not test the connection");

  return (
    <SettingsListPage
      title="Domain providers"
      description={`Connect your own registrar and DNS accounts.${fallback} Tokens and keys are stored encrypted and never shown again.`}
      things="accounts"
      {...page}
      adminCan="add, test or remove provider accounts"
      form={<ProviderAccountForm onCreated={page.reloadAfter()} />}
      skeletonHeight={120}
      empty={{
        icon: <IconWorldWww size={28} stroke={1.5} />,
        title: "No provider accounts yet",
        description:
          "Add a Cloudflare or Name.com account to buy domains with it, or a PowerDNS server to host their DNS.",
      }}
      table={(accounts) => (
        <ProviderAccountsTable
          accounts={accounts}
          canManage={page.admin}
          testing={testing.busy}
          onTest={testing.run}
          onDelete={deleting.ask}
        />
      )}
      notice={<ShopReadinessAlert readiness={shop} onProvidersPage />}
    >
      {deleting.modal}
    </SettingsListPage>
  );
}
