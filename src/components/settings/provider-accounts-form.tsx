"use client";
import {
  Button,
  Group,
  PasswordInput,
  SegmentedControl,
  Stack,
  Switch,
  Text,
  TextInput,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconPlus } from "@tabler/icons-react";
import { useState } from "react";
import { ApiError, api } from "@/components/ui/api";
import { notifyError } from "@/components/ui/notify";
import { type ProviderAccount, providerNames } from "./provider-accounts-table";

type Provider = ProviderAccount["provider"];

const initialValues = {
  label: "",
  apiToken: "",
  accountId: "",
  sandbox: false,
  username: "",
  token: "",
  testEnv: false,
  apiUrl: "",
  apiKey: "",
  serverId: "localhost",
  nameservers: "",
};
type Values = typeof initialValues;

function bodyFor(provider: Provider, v: Values) {
  const label = v.label.trim() || providerNames[provider];
  if (provider === "cloudflare") {
    return {
      provider,
      label,
      apiToken: v.apiToken.trim(),
      accountId: v.accountId.trim(),
      sandbox: v.sandbox,
    };
  }
  if (provider === "namecom") {
    return { provider, label, username: v.username.trim(), token: v.token.trim(), testEnv: v.testEnv };
  }
  return {
    provider,
    label,
    apiUrl: v.apiUrl.trim(),
    apiKey: v.apiKey.trim(),
    serverId: v.serverId.trim() || "localhost",
    nameservers: v.nameservers
      .split(/[\s,]+/)
      .map((n) => n.trim())
      .filter(Boolean),
  };
}

type Props = { onCreated: (account: ProviderAccount) => void };

export function ProviderAccountForm({ onCreated }: Props) {
  const [provider, setProvider] = useState<Provider>("cloudflare");
  const [saving, setSaving] = useState(false);
  const form = useForm({ initialValues });

  const submit = form.onSubmit(async (values) => {
    setSaving(true);
    try {
      const account = await api<ProviderAccount>("/api/v1/provider-accounts", {
        body: bodyFor(provider, values),
      });
      form.reset();
      onCreated(account);
    } catch (err) {
      // field errors (a malformed account id, a bad host name) go beside their field
      if (err instanceof ApiError && Object.keys(err.fields).length > 0) {
        for (const [path, messages] of Object.entries(err.fields)) {
          form.setFieldError(path.split(".")[0] ?? path, messages.join(", "));
        }
      } else notifyError(err, "Could not add the account");
    } finally {
      setSaving(false);
    }
  });

  return (
    <form onSubmit={submit} data-testid="provider-account-form">
      <Stack gap="sm" maw={560}>
        <SegmentedControl
          value={provider}
          onChange={(v) => {
            setProvider(v as Provider);
            form.clearErrors();
          }}
          data={[
            { value: "cloudflare", label: "Cloudflare" },
            { value: "namecom", label: "Name.com" },
            { value: "powerdns", label: "PowerDNS" },
          ]}
          aria-label="Provider"
        />
        <Text size="xs" c="dimmed">
          {provider === "cloudflare" &&
            "Buys domains with your Cloudflare Registrar account. Create an API token with Registrar permissions (Registrar Sandbox permissions for the sandbox)."}
          {provider === "namecom" &&
            "Buys domains with your Name.com reseller account (paid from its account balance or card on file), for the extensions Cloudflare does not sell through its API. Create an API token under Account → API Tokens; two-step verification must be off for API access."}
          {provider === "powerdns" &&
            "Hosts your domains' DNS zones on your own PowerDNS server (its HTTP API must be on)."}
        </Text>
        <TextInput label="Label" placeholder={providerNames[provider]} {...form.getInputProps("label")} />
        {provider === "cloudflare" && (
          <>
            <PasswordInput
              label="API token"
              required
              autoComplete="off"
              {...form.getInputProps("apiToken")}
            />
            <TextInput
              label="Account ID"
              required
              placeholder="32 hexadecimal characters"
              // the value in monospace, not the label
              styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)" } }}
              {...form.getInputProps("accountId")}
            />
            <Switch
              label="Registrar Sandbox"
              description="Staging: no charge, no real domains, no DNS zones"
              {...form.getInputProps("sandbox", { type: "checkbox" })}
            />
          </>
        )}
        {provider === "namecom" && (
          <>
            <TextInput label="Username" required autoComplete="off" {...form.getInputProps("username")} />
            <PasswordInput label="API token" required autoComplete="off" {...form.getInputProps("token")} />
            <Switch
              label="Test environment"
              description="api.dev.name.com with the test API token: no charge, no real domains (-test is added to the username)"
              {...form.getInputProps("testEnv", { type: "checkbox" })}
            />
          </>
        )}
        {provider === "powerdns" && (
          <>
            <TextInput
              label="API URL"
              required
              placeholder="https://dns.example.com:8081"
              {...form.getInputProps("apiUrl")}
            />
            <PasswordInput label="API key" required autoComplete="off" {...form.getInputProps("apiKey")} />
            <TextInput label="Server ID" {...form.getInputProps("serverId")} />
            <TextInput
              label="Nameservers"
              required
              description="The host names that serve your zones, comma-separated"
              placeholder="ns1.example.com, ns2.example.com"
              {...form.getInputProps("nameservers")}
            />
          </>
        )}
        <Group>
          <Button type="submit" leftSection={<IconPlus size={16} />} loading={saving}>
            Add {providerNames[provider]} account
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
