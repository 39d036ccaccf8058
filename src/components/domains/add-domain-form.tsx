"use client";
import { Button, Group, Radio, Select, SimpleGrid, Stack, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconPlus } from "@tabler/icons-react";
import { useEffect, useState } from "react";
import { ApiError, api } from "@/components/ui/api";
import { notifyError, notifySuccess } from "@/components/ui/notify";
import { useApi } from "@/components/ui/use-api";

type Values = {
  name: string;
  trackingHost: string;
  mode: "managed" | "manual";
  /** "platform" or a workspace DNS account's id */
  dnsAccount: string;
  /** "auto": from the workspace's mailboxes (the server works it out) */
  spf: "auto" | "google" | "microsoft" | "custom";
  spfHosts: string;
  dmarc: "none" | "quarantine" | "reject";
  mx: "none" | "google" | "microsoft";
};

const list = (s: string) =>
  s
    .split(/[\s,]+/)
    .map((x) => x.trim())
    .filter(Boolean);
const isIp = (s: string) => /^[\d.]+(\/\d+)?$|:/.test(s);

/**
 * Add a domain bought elsewhere: either its DNS is written for it (managed: the platform's DNS
 * provider) or the user gets the exact records to paste (manual). Either way the same checks follow.
 */
export function AddDomainForm({ onAdded, platformDns }: { onAdded: () => void; platformDns: string | null }) {
  const [saving, setSaving] = useState(false);
  const accounts = useApi<{ data: { id: string; kind: string; provider: string; label: string }[] }>(
    "/api/v1/provider-accounts",
  );
  const dnsAccounts = (accounts.data?.data ?? []).filter((a) => a.kind === "dns");
  const dnsChoices = [
    ...(platformDns ? [{ value: "platform", label: `Coldframe's DNS (${platformDns})` }] : []),
    ...dnsAccounts.map((a) => ({ value: a.id, label: `${a.label} (${a.provider})` })),
  ];
  const canManage = dnsChoices.length > 0;
  const form = useForm<Values>({
    initialValues: {
      name: "",
      trackingHost: "",
      mode: platformDns ? "managed" : "manual",
      dnsAccount: "platform",
      spf: "auto",
      spfHosts: "",
      dmarc: "none",
      mx: "none",
    },
  });
  // without a platform provider, managed DNS goes to the workspace's first DNS account
  const firstAccount = dnsAccounts[0]?.id;
  useEffect(() => {
    if (!platformDns && firstAccount && form.values.dnsAccount === "platform")
      form.setFieldValue("dnsAccount", firstAccount);
  }, [platformDns, firstAccount, form]);
  const submit = form.onSubmit(async (v) => {
    setSaving(true);
    try {
      const hosts = list(v.spfHosts);
      await api("/api/v1/domains", {
        body: {
          name: v.name.trim(),
          trackingHost: v.trackingHost.trim() || null,
          dns:
            v.mode === "managed"
              ? { mode: "managed", accountId: v.dnsAccount === "platform" ? null : v.dnsAccount }
              : { mode: "manual" },
          settings: {
            spf:
              v.spf === "auto"
                ? undefined
                : v.spf === "custom"
                  ? { preset: "custom", hosts: hosts.filter((h) => !isIp(h)), ips: hosts.filter(isIp) }
                  : { preset: v.spf },
            dmarc: { policy: v.dmarc },
            mx: { preset: v.mx },
          },
        },
      });
      notifySuccess(
        v.mode === "managed"
          ? `${v.name.trim()} added: its DNS records are being written`
          : `${v.name.trim()} added: open it for the records to paste at your DNS host`,
      );
      form.reset();
      onAdded();
    } catch (err) {
      if (err instanceof ApiError && Object.keys(err.fields).length) {
        form.setErrors(
          Object.fromEntries(Object.entries(err.fields).map(([k, msgs]) => [k, msgs.join(", ")])),
        );
      } else notifyError(err, "Could not add the domain");
    } finally {
      setSaving(false);
    }
  });
  return (
    <form onSubmit={submit}>
      <Stack gap="md">
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label="Domain"
            placeholder="outreach-acme.com"
            required
            {...form.getInputProps("name")}
          />
          <TextInput
            label="Tracking host (optional)"
            placeholder="track.outreach-acme.com"
            description="A CNAME to this app; open, click and unsubscribe links use it"
            {...form.getInputProps("trackingHost")}
          />
        </SimpleGrid>
        <Group align="flex-end" gap="xl">
          <Radio.Group
            label="DNS"
            {...form.getInputProps("mode")}
            description={canManage ? undefined : "No DNS provider is connected: paste the records yourself"}
          >
            <Group mt={6} gap="xl">
              <Radio value="managed" label="Set up my DNS for me" disabled={!canManage} />
              <Radio value="manual" label="I'll paste the records at my DNS host" />
            </Group>
          </Radio.Group>
          {form.values.mode === "managed" && canManage && (
            <Select
              label="DNS provider"
              w={280}
              data={dnsChoices}
              allowDeselect={false}
              {...form.getInputProps("dnsAccount")}
            />
          )}
        </Group>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Select
            label="Mailboxes on this domain (SPF)"
            data={[
              { value: "auto", label: "As my mailboxes send" },
              { value: "google", label: "Google Workspace" },
              { value: "microsoft", label: "Microsoft 365" },
              { value: "custom", label: "My own SMTP servers" },
            ]}
            description={
              form.values.spf === "auto"
                ? "Worked out from your connected mailboxes (those on this domain first); change it later on the domain's page"
                : undefined
            }
            allowDeselect={false}
            {...form.getInputProps("spf")}
          />
          <Select
            label="DMARC policy"
            data={[
              { value: "none", label: "none — monitor (start here)" },
              { value: "quarantine", label: "quarantine" },
              { value: "reject", label: "reject" },
            ]}
            allowDeselect={false}
            {...form.getInputProps("dmarc")}
          />
          <Select
            label="Receive mail (MX)"
            data={[
              { value: "none", label: "No MX records" },
              { value: "google", label: "Google Workspace" },
              { value: "microsoft", label: "Microsoft 365" },
            ]}
            allowDeselect={false}
            {...form.getInputProps("mx")}
          />
        </SimpleGrid>
        {form.values.spf === "custom" && (
          <TextInput
            label="SMTP hosts or IP addresses to authorize"
            placeholder="smtp.mailer.com, 203.0.113.7"
            {...form.getInputProps("spfHosts")}
          />
        )}
        <Group justify="space-between">
          <Text size="xs" c="dimmed">
            SPF, DKIM (a new 2048-bit key), DMARC, MX and the tracking CNAME are checked after, with a health
            score.
          </Text>
          <Button type="submit" leftSection={<IconPlus size={16} />} loading={saving}>
            Add domain
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
