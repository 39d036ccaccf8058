"use client";
import { Alert, Paper, Skeleton, Stack, Text } from "@mantine/core";
import { useEffect, useRef, useState } from "react";
import { api } from "@/components/ui/api";
import { useApi } from "@/components/ui/use-api";
import { LinkPanel } from "./link-panel";
import { MessageCard } from "./message-card";
import { ReplyBox } from "./reply-box";
import { ThreadHeader } from "./thread-header";
import type { Thread, ThreadMessage } from "./types";

type Props = { threadId: string; onChanged: () => void };

/** Every received message is a bounce or a complaint report: nobody would read a reply. */
const machineOnly = (messages: ThreadMessage[]) => {
  const received = messages.filter((m) => m.direction === "inbound");
  return received.length > 0 && received.every((m) => m.category === "bounce" || m.category === "complaint");
};

/** The right pane: a thread's messages in order and a reply box; opening it marks it read. */
export function ThreadView({ threadId, onChanged }: Props) {
  const thread = useApi<Thread>(`/api/v1/inbox/threads/${threadId}`);
  // messages reclassified here since the thread was fetched
  const [edited, setEdited] = useState<Record<string, ThreadMessage>>({});
  const marked = useRef(new Set<string>());

  useEffect(() => {
    const unread = (thread.data?.messages ?? []).filter(
      (m) => m.direction === "inbound" && !m.isRead && !marked.current.has(m.id),
    );
    if (unread.length === 0) return;
    for (const m of unread) marked.current.add(m.id);
    void Promise.allSettled(
      unread.map((m) => api(`/api/v1/inbox/messages/${m.id}`, { method: "PATCH", body: { isRead: true } })),
    ).then(onChanged);
  }, [thread.data, onChanged]);

  if (thread.error) {
    return (
      <Alert color="red" title="Could not load this conversation">
        {thread.error}
      </Alert>
    );
  }
  if (!thread.data) return <Skeleton h={400} radius="lg" />;
  const t = thread.data;
  return (
    <Paper withBorder radius="lg" p="md" data-testid="thread-view">
      <Stack gap="md">
        <ThreadHeader thread={t} />
        {!t.lead && t.messages.some((m) => m.direction === "inbound") && (
          <LinkPanel
            messageId={t.messages.find((m) => m.direction === "inbound")!.id}
            onLinked={() => {
              void thread.reload();
              onChanged();
            }}
          />
        )}
        {t.messages.map((m) => (
          <MessageCard
            key={m.id}
            answers={t.messages.find((o) => o.direction === "outbound" && o.id === m.sentEmailId)}
            message={edited[m.id] ?? m}
            onChanged={(updated) => {
              setEdited((e) => ({ ...e, [m.id]: updated }));
              onChanged();
            }}
          />
        ))}
        {machineOnly(t.messages.map((m) => edited[m.id] ?? m)) ? (
          <Text size="sm" c="dimmed" data-testid="no-reply-note">
            Only a mail server wrote in this conversation (a delivery failure or a complaint report): there is
            no one to reply to.
          </Text>
        ) : (
          <ReplyBox
            threadId={t.id}
            mailboxEmail={t.mailbox.email}
            onSent={() => {
              setEdited({});
              void thread.reload();
              onChanged();
            }}
          />
        )}
      </Stack>
    </Paper>
  );
}
