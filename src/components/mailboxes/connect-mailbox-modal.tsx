"use client";
import {
  Accordion,
  Anchor,
  Button,
  Checkbox,
  Divider,
  Group,
  Modal,
  PasswordInput,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconBrandGoogle, IconBrandWindows, IconPlugConnected } from "@tabler/icons-react";
import { useState } from "react";
import { api } from "@/components/ui/api";
import { notifyError } from "@/components/ui/notify";
import { ConnectionResult } from "./connection-result";
import { showFieldErrors } from "./field-errors";
import { defaultLimits, LimitsFields, limitsPayload } from "./limits-fields";
import { presets } from "./presets";
import { ServerFields } from "./server-fields";
import type { Mailbox, TestResult } from "./types";

type Props = {
  opened: boolean;
  onClose: () => void;
  onConnected: (m: Mailbox) => void;
  oauth: { google: boolean; microsoft: boolean };
};

const initial = () => ({
  preset: "gmail",
  email: "",
  fromName: "",
  user: "",
  password: "",
  separateImapLogin: false,
  imapUser: "",
  imapPassword: "",
  smtp: { ...presets[0]!.smtp },
  imap: { ...presets[0]!.imap },
  ...defaultLimits,
});
type Values = ReturnType<typeof initial>;

/** Connect by OAuth (Google, Microsoft) or by SMTP + IMAP, testing both logins before saving. */
export function ConnectMailboxModal({ opened, onClose, onConnected, oauth }: Props) {
  const form = useForm<Values>({
    mode: "controlled",
    initialValues: initial(),
    validate: {
      email: (v) => (/^\S+@\S+\.\S+$/.test(v.trim()) ? null : "Enter the mailbox's email address"),
      password: (v) => (v ? null : "Enter the password (for Gmail and Outlook: an app password)"),
      smtp: { host: (v) => (v.trim() ? null : "Enter the SMTP host") },
      imap: { host: (v) => (v.trim() ? null : "Enter the IMAP host") },
    },
  });
  const [testing, setTesting] = useState(false);
  const [saving, setSaving] = useState(false);
  const [result, setResult] = useState<TestResult | null>(null);
  const values = form.getValues();
  const preset = presets.find((p) => p.id === values.preset) ?? presets[presets.length - 1]!;

  const payload = (v: Values) => ({
    email: v.email.trim(),
    smtp: { ...v.smtp, port: Number(v.smtp.port), user: v.user.trim() || undefined, password: v.password },
    imap: {
      ...v.imap,
      port: Number(v.imap.port),
      user: (v.separateImapLogin ? v.imapUser.trim() : v.user.trim()) || undefined,
      password: v.separateImapLogin ? v.imapPassword : v.password,
    },
  });

  const test = async () => {
    if (form.validate().hasErrors) return;
    setTesting(true);
    setResult(null);
    try {
      setResult(await api<TestResult>("/api/v1/mailboxes/test", { body: payload(form.getValues()) }));
    } catch (err) {
      if (!showFieldErrors(form as never, err)) notifyError(err, "Could not test the connection");
    } finally {
      setTesting(false);
    }
  };

  const submit = form.onSubmit(async (v) => {
    setSaving(true);
    try {
      const created = await api<Mailbox>("/api/v1/mailboxes", {
        body: { ...payload(v), fromName: v.fromName.trim(), ...limitsPayload(v) },
      });
      form.setValues(initial());
      setResult(null);
      onConnected(created);
    } catch (err) {
      if (!showFieldErrors(form as never, err)) notifyError(err, "Could not connect the mailbox");
    } finally {
      setSaving(false);
    }
  });

  const choosePreset = (id: string) => {
    const p = presets.find((x) => x.id === id)!;
    form.setValues({ preset: id, smtp: { ...p.smtp }, imap: { ...p.imap } });
    setResult(null);
  };

  return (
    <Modal opened={opened} onClose={onClose} title="Connect a mailbox" size="xl" centered>
      <Stack>
        {(oauth.google || oauth.microsoft) && (
          <>
            <Group grow>
              {oauth.google && (
                <Button
                  component="a"
                  href="/api/mailboxes/oauth/google/start"
                  variant="default"
                  leftSection={<IconBrandGoogle size={18} />}
                >
                  Connect with Google
                </Button>
              )}
              {oauth.microsoft && (
                <Button
                  component="a"
                  href="/api/mailboxes/oauth/microsoft/start"
                  variant="default"
                  leftSection={<IconBrandWindows size={18} />}
                >
                  Connect with Microsoft
                </Button>
              )}
            </Group>
            <Divider label="or with SMTP and IMAP" labelPosition="center" />
          </>
        )}
        <form onSubmit={submit}>
          <Stack gap="sm">
            <SegmentedControl
              fullWidth
              value={values.preset}
              onChange={choosePreset}
              data={presets.map((p) => ({ value: p.id, label: p.label }))}
            />
            <Text size="xs" c="dimmed">
              {preset.hint}
            </Text>
            <Group grow align="flex-start">
              <TextInput label="Email address" placeholder="alex@acme.com" {...form.getInputProps("email")} />
              <TextInput label="From name" placeholder="Alex Carter" {...form.getInputProps("fromName")} />
            </Group>
            <Group grow align="flex-start">
              <TextInput
                label="User name"
                description="Leave empty when it is the email address"
                {...form.getInputProps("user")}
              />
              <PasswordInput
                label="Password"
                description="Stored encrypted; never shown again"
                autoComplete="new-password"
                {...form.getInputProps("password")}
              />
            </Group>
            <ServerFields form={form} protocol="smtp" />
            <ServerFields form={form} protocol="imap" />
            <Checkbox
              label="IMAP uses a different user name or password"
              {...form.getInputProps("separateImapLogin", { type: "checkbox" })}
            />
            {values.separateImapLogin && (
              <Group grow align="flex-start">
                <TextInput label="IMAP user name" {...form.getInputProps("imapUser")} />
                <PasswordInput label="IMAP password" {...form.getInputProps("imapPassword")} />
              </Group>
            )}
            <Accordion variant="contained" radius="md">
              <Accordion.Item value="limits">
                <Accordion.Control>
                  Sending limits: {values.dailyLimit} a day, {values.minGapMinutes}–{values.maxGapMinutes}{" "}
                  minutes apart
                  {values.rampEnabled ? ", ramping up" : ""}
                </Accordion.Control>
                <Accordion.Panel>
                  <LimitsFields form={form} />
                </Accordion.Panel>
              </Accordion.Item>
            </Accordion>
            {result && <ConnectionResult result={result} />}
            <Group justify="space-between" mt="xs">
              <Anchor size="xs" c="dimmed" href="/api/v1/openapi.json" target="_blank">
                Also possible through the API
              </Anchor>
              <Group>
                <Button
                  variant="default"
                  onClick={test}
                  loading={testing}
                  leftSection={<IconPlugConnected size={16} />}
                >
                  Test connection
                </Button>
                <Button type="submit" loading={saving}>
                  Connect mailbox
                </Button>
              </Group>
            </Group>
          </Stack>
        </form>
      </Stack>
    </Modal>
  );
}
