"use client";
import { Button, Group, Modal, Text, TextInput } from "@mantine/core";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { api } from "@/components/ui/api";
import type { CampaignView } from "./types";

/** Name a campaign: it is created as a draft and opened in the builder. */
export function NewCampaignModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const router = useRouter();
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return setError("Give the campaign a name");
    setBusy(true);
    try {
      const created = await api<CampaignView>("/api/v1/campaigns", { body: { name: name.trim() } });
      router.push(`/campaigns/${created.id}/edit`);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title="New campaign" centered>
      <form onSubmit={submit}>
        <TextInput
          label="Campaign name"
          placeholder="Q3 outreach to CTOs"
          value={name}
          onChange={(e) => {
            setName(e.currentTarget.value);
            setError(null);
          }}
          error={error}
          maxLength={120}
          data-autofocus
        />
        <Text size="xs" c="dimmed" mt="xs">
          It starts as a draft: write the sequence, pick mailboxes and leads, then launch.
        </Text>
        <Group justify="flex-end" mt="lg">
          <Button variant="default" onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button type="submit" loading={busy}>
            Create and open builder
          </Button>
        </Group>
      </form>
    </Modal>
  );
}
