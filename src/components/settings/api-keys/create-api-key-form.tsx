"use client";
import { Button, Group, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconPlus } from "@tabler/icons-react";
import { useState } from "react";
import { api } from "@/components/ui/api";
import { notifyError } from "@/components/ui/notify";
import type { ApiKey } from "./types";

type Props = { onCreated: (created: { key: string; apiKey: ApiKey }) => void };

export function CreateApiKeyForm({ onCreated }: Props) {
  const [saving, setSaving] = useState(false);
  const form = useForm({
    initialValues: { name: "" },
    validate: {
      name: (v) =>
        v.trim().length >= 1 && v.trim().length <= 80 ? null : "Give the key a name (1–80 characters)",
    },
  });
  const submit = form.onSubmit(async ({ name }) => {
    setSaving(true);
    try {
      onCreated(
        await api<{ key: string; apiKey: ApiKey }>("/api/v1/api-keys", { body: { name: name.trim() } }),
      );
      form.reset();
    } catch (err) {
      notifyError(err, "Could not create the key");
    } finally {
      setSaving(false);
    }
  });
  return (
    <form onSubmit={submit}>
      <Group align="flex-start">
        <TextInput
          placeholder="Key name, e.g. CRM sync"
          aria-label="Key name"
          flex={1}
          maw={360}
          {...form.getInputProps("name")}
        />
        <Button type="submit" leftSection={<IconPlus size={16} />} loading={saving}>
          Create key
        </Button>
      </Group>
    </form>
  );
}
