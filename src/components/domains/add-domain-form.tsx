"use client";
import { Button, Group, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconPlus } from "@tabler/icons-react";
import { useState } from "react";
import { ApiError, api } from "@/components/ui/api";
import { notifyError } from "@/components/ui/notify";

/** Add a domain the workspace already owns, with an optional custom tracking host. */
export function AddDomainForm({ onAdded }: { onAdded: () => void }) {
  const [saving, setSaving] = useState(false);
  const form = useForm({ initialValues: { name: "", trackingHost: "" } });
  const submit = form.onSubmit(async ({ name, trackingHost }) => {
    setSaving(true);
    try {
      await api("/api/v1/domains", {
        body: { name: name.trim(), trackingHost: trackingHost.trim() || null },
      });
      form.reset();
      onAdded();
    } catch (err) {
      if (err instanceof ApiError && Object.keys(err.fields).length) {
        form.setErrors(Object.fromEntries(Object.entries(err.fields).map(([k, v]) => [k, v.join(", ")])));
      } else notifyError(err, "Could not add the domain");
    } finally {
      setSaving(false);
    }
  });
  return (
    <form onSubmit={submit}>
      <Group align="flex-end">
        <TextInput
          label="Domain"
          placeholder="outreach-acme.com"
          required
          w={260}
          {...form.getInputProps("name")}
        />
        <TextInput
          label="Tracking host (optional)"
          placeholder="track.outreach-acme.com"
          description="A CNAME to this app; open, click and unsubscribe links use it"
          w={320}
          {...form.getInputProps("trackingHost")}
        />
        <Button type="submit" leftSection={<IconPlus size={16} />} loading={saving}>
          Add domain
        </Button>
      </Group>
    </form>
  );
}
