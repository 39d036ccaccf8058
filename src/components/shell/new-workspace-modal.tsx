"use client";
import { Button, Group, Modal, Stack, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { notifyError, notifySuccess, unwrap } from "@/components/ui/notify";
import { authClient } from "@/lib/auth/client";

/** A URL-safe, probably-unique slug; the server rejects a taken one and we say so. */
function slugFor(name: string) {
  const base = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "") // "Café" → "cafe", as the server's slugify does
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40);
  return `${base || "workspace"}-${Math.random().toString(16).slice(2, 8)}`;
}

type Props = { opened: boolean; onClose: () => void; onCreated: () => void };

export function NewWorkspaceModal({ opened, onClose, onCreated }: Props) {
  const router = useRouter();
  const [saving, setSaving] = useState(false);
  const form = useForm({
    initialValues: { name: "" },
    validate: {
      name: (v) => (v.trim().length >= 1 && v.trim().length <= 80 ? null : "Between 1 and 80 characters"),
    },
  });

  const submit = form.onSubmit(async ({ name }) => {
    setSaving(true);
    try {
      const ws = unwrap(await authClient.organization.create({ name: name.trim(), slug: slugFor(name) }));
      if (ws) unwrap(await authClient.organization.setActive({ organizationId: ws.id }));
      notifySuccess(`Workspace “${name.trim()}” created`);
      form.reset();
      onClose();
      onCreated();
      router.refresh();
    } catch (err) {
      notifyError(err, "Could not create the workspace");
    } finally {
      setSaving(false);
    }
  });

  return (
    <Modal opened={opened} onClose={onClose} title="New workspace" centered>
      <form onSubmit={submit}>
        <Stack>
          <Text size="sm" c="dimmed">
            A workspace keeps its own mailboxes, leads, campaigns, domains and members. You will be its owner.
          </Text>
          <TextInput
            label="Name"
            placeholder="Acme Outbound"
            data-autofocus
            {...form.getInputProps("name")}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={saving}>
              Create workspace
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
