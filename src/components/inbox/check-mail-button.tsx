"use client";
import { Button, Stack, Text } from "@mantine/core";
import { IconRefresh } from "@tabler/icons-react";
import { useState } from "react";
import { api } from "@/components/ui/api";
import { notifyError } from "@/components/ui/notify";

type SyncResult = { requestedAt: string; queued: string[]; skipped: { id: string; reason: string }[] };
type SyncStatus = { data: { id: string; email: string; lastSyncedAt: string | null }[] };

/** How long the button waits for the queued syncs before it says the worker is behind. */
const WAIT_MS = 60_000;
const POLL_MS = 1_500;

/**
 * "Check for new mail": queues a sync of every mailbox now (POST /api/v1/inbox/sync), waits until
 * each has been read since (GET /api/v1/inbox/sync), then reloads the list. Says what it could not
 * check and why.
 */
export function CheckMailButton({ onChecked }: { onChecked: () => void }) {
  const [checking, setChecking] = useState<string | null>(null);
  const [said, setSaid] = useState<string | null>(null);

  async function check() {
    setSaid(null);
    try {
      const result = await api<SyncResult>("/api/v1/inbox/sync", { body: {} });
      if (!result.queued.length) {
        setSaid(
          result.skipped.length
            ? `Nothing to check: ${result.skipped[0]!.reason}.`
            : "Nothing to check: connect a mailbox on the Mailboxes page first.",
        );
        return;
      }
      const n = result.queued.length;
      setChecking(`Checking ${n} mailbox${n === 1 ? "" : "es"}…`);
      const waiting = new Set(result.queued);
      const deadline = Date.now() + WAIT_MS;
      while (waiting.size && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, POLL_MS));
        const status = await api<SyncStatus>("/api/v1/inbox/sync");
        for (const box of status.data) {
          if (box.lastSyncedAt && box.lastSyncedAt >= result.requestedAt) waiting.delete(box.id);
        }
        if (waiting.size < n) setChecking(`Checked ${n - waiting.size} of ${n} mailboxes…`);
      }
      onChecked();
      const skipped = result.skipped.length
        ? ` ${result.skipped.length} skipped (paused, in error or send-only).`
        : "";
      setSaid(
        waiting.size
          ? `${waiting.size} of ${n} mailboxes not read yet: is the worker running (npm start runs it)? New mail still arrives within a minute or two.${skipped}`
          : `Up to date: ${n} mailbox${n === 1 ? "" : "es"} checked at ${new Date().toLocaleTimeString()}.${skipped}`,
      );
    } catch (err) {
      notifyError(err, "Could not check for new mail");
    } finally {
      setChecking(null);
    }
  }

  return (
    <Stack gap={4} align="flex-end">
      <Button
        variant="default"
        leftSection={<IconRefresh size={16} />}
        loading={checking !== null}
        onClick={() => void check()}
      >
        Check for new mail
      </Button>
      {(checking ?? said) && (
        <Text size="xs" c="dimmed" maw={320} ta="right" data-testid="check-mail-status">
          {checking ?? said}
        </Text>
      )}
    </Stack>
  );
}
