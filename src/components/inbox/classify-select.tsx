"use client";
import { Select } from "@mantine/core";
import { useState } from "react";
import { api } from "@/components/ui/api";
import { notifyError } from "@/components/ui/notify";
import { type Category, categoryLabels, type Intent, intentLabels, type ThreadMessage } from "./types";

const replyIntents: Intent[] = ["interested", "meeting_request", "not_interested", "wrong_person", "other"];
const others: Category[] = ["auto_reply", "bounce", "complaint", "unsubscribe_request", "other"];

// one value per choice: "reply:<intent>" for replies, the bare category otherwise
const data = [
  { group: "Reply", items: replyIntents.map((i) => ({ value: `reply:${i}`, label: intentLabels[i] })) },
  { group: "Not a reply", items: others.map((c) => ({ value: c, label: categoryLabels[c] })) },
];

function choiceOf(m: ThreadMessage): string | null {
  if (m.category === "reply") return `reply:${m.intent ?? "other"}`;
  return m.category;
}

type Props = { message: ThreadMessage; onChanged: (updated: ThreadMessage) => void };

/** Reclassify an inbound message by hand: its category, and for a reply its intent. */
export function ClassifySelect({ message, onChanged }: Props) {
  const [saving, setSaving] = useState(false);
  const change = async (value: string | null) => {
    if (!value || value === choiceOf(message)) return;
    const [category, intent] = value.split(":") as [Category, Intent | undefined];
    setSaving(true);
    try {
      const updated = await api<ThreadMessage>(`/api/v1/inbox/messages/${message.id}`, {
        method: "PATCH",
        body: { category, intent: intent ?? null },
      });
      onChanged(updated);
    } catch (err) {
      notifyError(err, "Could not change the category");
    } finally {
      setSaving(false);
    }
  };
  return (
    <Select
      aria-label="Category"
      size="xs"
      w={200}
      data={data}
      value={choiceOf(message)}
      onChange={change}
      disabled={saving}
      allowDeselect={false}
      data-testid="classify-select"
    />
  );
}
