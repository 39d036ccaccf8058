"use client";
import { Button, Checkbox, Group, Stack, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconPlus } from "@tabler/icons-react";
import { useState } from "react";
import { ApiError, api } from "@/components/ui/api";
import { notifyError } from "@/components/ui/notify";
import { webhookEventTypes } from "@/lib/webhooks/event-types";
import type { Webhook } from "./types";

type Props = { onCreated: (created: { secret: string; webhook: Webhook }) => void };

export function CreateWebhookForm({ onCreated }: Props) {
  const [saving, setSaving] = useState(false);
  const form = useForm({
    initialValues: { url: "", eventTypes: [] as string[] },
    validate: {
      url: (v) =>
        /^https?:\/\/\S+$/i.test(v.trim()) ? null : "A URL starting with http:// or https://, e.g. https://…",
    },
  });
  const submit = form.onSubmit(async ({ url, eventTypes }) => {
    setSaving(true);
    try {
      onCreated(
        await api<{ secret: string; webhook: Webhook }>("/api/v1/webhooks", {
          body: { url: url.trim(), eventTypes },
        }),
      );
      form.reset();
    } catch (err) {
      // the server's reason (a private address, user:password@ in the URL) belongs beside the field
      if (err instanceof ApiError && err.fields.url) form.setFieldError("url", err.fields.url.join(", "));
      else notifyError(err, "Could not add the endpoint");
    } finally {
      setSaving(false);
    }
  });
  return (
    <form onSubmit={submit}>
      <Stack gap="sm">
        <TextInput
          label="Endpoint URL"
          placeholder="https://example.com/coldframe-webhook"
          description="http:// or https://. A receiver on a private network (localhost, 10.x, 192.168.x, internal names) is refused unless the operator allows its host with ALLOWED_PRIVATE_HOSTS."
          maw={560}
          data-testid="webhook-url"
          {...form.getInputProps("url")}
        />
        <Checkbox.Group
          label="Events"
          description="None checked: every event, including ones added later"
          {...form.getInputProps("eventTypes")}
        >
          <Group mt="xs">
            {webhookEventTypes.map((t) => (
              <Checkbox
                key={t}
                value={t}
                label={
                  <Text size="sm" ff="monospace">
                    {t}
                  </Text>
                }
              />
            ))}
          </Group>
        </Checkbox.Group>
        <Group>
          <Button type="submit" leftSection={<IconPlus size={16} />} loading={saving}>
            Add endpoint
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
