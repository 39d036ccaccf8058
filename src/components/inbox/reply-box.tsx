"use client";
import { Button, Group, Paper, Text, Textarea } from "@mantine/core";
import { IconSend } from "@tabler/icons-react";
import { useState } from "react";
import { api } from "@/components/ui/api";
import { notifyError, notifySuccess } from "@/components/ui/notify";

type Props = { threadId: string; mailboxEmail: string; onSent: () => void };

/** Answer in the thread, sent from the mailbox that received it. */
export function ReplyBox({ threadId, mailboxEmail, onSent }: Props) {
  const [text, setText] = useState("");
  const [sending, setSending] = useState(false);
  const send = async () => {
    if (!text.trim()) return;
    setSending(true);
    try {
      await api(`/api/v1/inbox/threads/${threadId}/reply`, { body: { text } });
      setText("");
      notifySuccess("Reply sent");
      onSent();
    } catch (err) {
      notifyError(err, "Could not send the reply");
    } finally {
      setSending(false);
    }
  };
  return (
    <Paper withBorder radius="md" p="sm">
      <Textarea
        aria-label="Reply"
        placeholder="Write a reply…"
        autosize
        minRows={3}
        maxRows={12}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter" && (e.metaKey || e.ctrlKey)) void send();
        }}
      />
      <Group justify="space-between" mt="xs">
        <Text size="xs" c="dimmed">
          Sent from {mailboxEmail}, in this thread
        </Text>
        <Button leftSection={<IconSend size={16} />} onClick={send} loading={sending} disabled={!text.trim()}>
          Send
        </Button>
      </Group>
    </Paper>
  );
}
