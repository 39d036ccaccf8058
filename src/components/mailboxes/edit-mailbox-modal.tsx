"use client";
import {
  Button,
  Divider,
  Group,
  Modal,
  PasswordInput,
  Select,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconPlugConnected } from "@tabler/icons-react";
import { useState } from "react";
import { api } from "@/components/ui/api";
import { notifyError } from "@/components/ui/notify";
import { ConnectionResult } from "./connection-result";
import { showFieldErrors } from "./field-errors";
import { LimitsFields, limitsPayload } from "./limits-fields";
import { ServerFields } from "./server-fields";
import type { Mailbox, TestResult, TlsMode } from "./types";

type Props = { mailbox: Mailbox | null; onClose: () => void; onSaved: (m: Mailbox) => void };

const valuesOf = (m: Mailbox) => ({
  fromName: m.fromName,
  signatureHtml: m.signatureHtml,
  sentCopy: m.sentCopy,
  dailyLimit: m.dailyLimit as number | string,
  minGapMinutes: m.minGapMinutes as number | string,
  maxGapMinutes: m.maxGapMinutes as number | string,
  rampEnabled: m.rampEnabled,
  rampStart: m.rampStart as number | string,
  rampIncrement: m.rampIncrement as number | string,
  restartRamp: false,
  user: m.smtp.user ?? "",
  password: "",
  smtp: server(m.smtp, 587, "starttls"),
  imap: server(m.imap, 993, "tls"),
});
type Values = ReturnType<typeof valuesOf>;

function server(s: Mailbox["smtp"], port: number, security: TlsMode) {
  return { host: s.host ?? "", port: (s.port ?? port) as number | string, security: s.security ?? security };
}

/** Limits, ramp-up, signature and from name; for SMTP mailboxes also the servers and password. */
export function EditMailboxModal({ mailbox, onClose, onSaved }: Props) {
  // keep the last mailbox on screen while the modal fades out
  const [shown, setShown] = useState<Mailbox | null>(mailbox);
  if (mailbox && mailbox !== shown) setShown(mailbox);
  return (
    <Modal
      opened={mailbox !== null}
      onClose={onClose}
      title={`Edit ${shown?.email ?? "mailbox"}`}
      size="xl"
      centered
    >
      {shown && <EditMailboxForm key={shown.id} m={shown} onClose={onClose} onSaved={onSaved} />}
    </Modal>
  );
}

function EditMailboxForm({
  m,
  onClose,
  onSaved,
}: {
  m: Mailbox;
  onClose: () => void;
  onSaved: (m: Mailbox) => void;
}) {
  const form = useForm<Values>({ mode: "controlled", initialValues: valuesOf(m) });
  const [saving, setSaving] = useState(false);
  const [testing, setTesting] = useState(false);
  const [result, setResult] = useState<TestResult | null>(null);
  const smtpMailbox = m.provider === "smtp";

  // a blank password means "keep the stored one", for the test as for saving
  const servers = (v: Values) => ({
    smtp: { ...v.smtp, port: Number(v.smtp.port), user: v.user.trim() || undefined, password: v.password },
    imap: { ...v.imap, port: Number(v.imap.port), user: v.user.trim() || undefined, password: v.password },
  });

  const test = async () => {
    setTesting(true);
    setResult(null);
    try {
      const body = { email: m.email, mailboxId: m.id, ...servers(form.getValues()) };
      setResult(await api<TestResult>("/api/v1/mailboxes/test", { body }));
    } catch (err) {
      if (!showFieldErrors(form as never, err)) notifyError(err, "Could not test the connection");
    } finally {
      setTesting(false);
    }
  };

  const submit = form.onSubmit(async (v) => {
    setSaving(true);
    try {
      const saved = await api<Mailbox>(`/api/v1/mailboxes/${m.id}`, {
        method: "PATCH",
        body: {
          fromName: v.fromName.trim(),
          signatureHtml: v.signatureHtml,
          sentCopy: v.sentCopy,
          ...limitsPayload(v),
          restartRamp: v.restartRamp || undefined,
          ...(smtpMailbox ? servers(v) : {}),
        },
      });
      onSaved(saved);
    } catch (err) {
      if (!showFieldErrors(form as never, err)) notifyError(err, "Could not save the mailbox");
    } finally {
      setSaving(false);
    }
  });

  return (
    <form onSubmit={submit}>
      <Stack gap="sm">
        <TextInput label="From name" placeholder="Alex Carter" {...form.getInputProps("fromName")} />
        <LimitsFields form={form} />
        {m.rampEnabled && (
          <Switch
            label="Restart the ramp-up from today"
            {...form.getInputProps("restartRamp", { type: "checkbox" })}
          />
        )}
        <Textarea
          label="Signature (HTML)"
          description="Added under every email this mailbox sends"
          autosize
          minRows={3}
          maxRows={8}
          placeholder="<p>Alex Carter<br>Acme</p>"
          {...form.getInputProps("signatureHtml")}
        />
        <Select
          label="Copy sent campaign emails to the Sent folder"
          description={
            smtpMailbox
              ? "Most custom servers file nothing in Sent for mail sent over SMTP: Coldframe appends a copy over IMAP after each sync, so your own mail client shows the conversation"
              : `${m.provider === "google" ? "Gmail" : "Microsoft 365"} files a copy of every email sent itself: a second copy would be a duplicate`
          }
          allowDeselect={false}
          data={[
            {
              value: "auto",
              label: smtpMailbox
                ? "Automatic (yes for this mailbox)"
                : "Automatic (no: the provider files its own)",
            },
            { value: "on", label: "Always" },
            { value: "off", label: "Never" },
          ]}
          {...form.getInputProps("sentCopy")}
        />
        {smtpMailbox ? (
          <>
            <Divider label="Connection" labelPosition="left" mt="xs" />
            <Group grow align="flex-start">
              <TextInput label="User name" {...form.getInputProps("user")} />
              <PasswordInput
                label="New password"
                description="Leave empty to keep the stored one"
                autoComplete="new-password"
                {...form.getInputProps("password")}
              />
            </Group>
            <ServerFields form={form} protocol="smtp" />
            <ServerFields form={form} protocol="imap" />
          </>
        ) : (
          <Text size="sm" c="dimmed">
            Signs in with {m.provider === "google" ? "Google" : "Microsoft"}: to change the account, connect
            it again.
          </Text>
        )}
        {result && <ConnectionResult result={result} />}
        <Group justify="flex-end" mt="xs">
          {smtpMailbox && (
            <Button
              variant="default"
              onClick={test}
              loading={testing}
              leftSection={<IconPlugConnected size={16} />}
            >
              Test connection
            </Button>
          )}
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={saving}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
