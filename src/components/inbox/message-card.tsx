import { Badge, Button, Group, Paper, Stack, Text } from "@mantine/core";
import { useState } from "react";
import { ApiError, api } from "@/components/ui/api";
import { formatDateTime } from "@/components/ui/format";
import { notifyError } from "@/components/ui/notify";
import { ClassifySelect } from "./classify-select";
import { MessageBody } from "./message-body";
import { type Bounce, displayName, linkMethodLabels, type ThreadMessage } from "./types";

type Props = {
  message: ThreadMessage;
  onChanged: (updated: ThreadMessage) => void;
  /** the campaign email it answers, when it is in this conversation */
  answers?: ThreadMessage;
};

/** One message of a thread: ours (outbound) tinted and set right, theirs bordered with a category select. */
export function MessageCard({ message: m, onChanged, answers }: Props) {
  const outbound = m.direction === "outbound";
  return (
    <Paper
      withBorder={!outbound}
      radius="md"
      p="md"
      ml={outbound ? "xl" : 0}
      mr={outbound ? 0 : "xl"}
      bg={outbound ? "var(--mantine-primary-color-light)" : undefined}
      data-testid={outbound ? "message-outbound" : "message-inbound"}
    >
      <Group justify="space-between" align="flex-start" mb="xs" wrap="nowrap">
        <Stack gap={0} miw={0}>
          <Group gap={6} wrap="nowrap">
            <Text size="sm" fw={600} truncate>
              {displayName(m.from)}
            </Text>
            {outbound && (
              <Badge size="xs" variant="outline">
                Sent
              </Badge>
            )}
          </Group>
          <Text size="xs" c="dimmed" truncate>
            {m.from.email} → {m.to.join(", ") || "—"}
          </Text>
          <Text size="xs" c="dimmed">
            {formatDateTime(m.date)}
          </Text>
        </Stack>
        {!outbound && <ClassifySelect message={m} onChanged={onChanged} />}
      </Group>
      {!outbound && m.linkMethod && (
        <Text size="xs" c="dimmed" mb="xs" data-testid="link-explanation">
          Linked {linkMethodLabels[m.linkMethod] ?? m.linkMethod}
          {answers ? ` to the email of ${formatDateTime(answers.date)}, "${answers.subject ?? ""}"` : ""}
        </Text>
      )}
      {m.referral && <ReferralLine email={m.referral} />}
      {m.bounce && <BounceLine bounce={m.bounce} />}
      <MessageBody text={m.text} html={m.html} />
    </Paper>
  );
}

const bounceTypeLabels: Record<Bounce["type"], string> = {
  hard: "Hard bounce: address suppressed",
  soft: "Soft bounce: temporary",
  block: "Blocked by the receiver: sending mailbox paused, lead kept",
};

/** What the bounce means, and the receiving server's own words. */
function BounceLine({ bounce }: { bounce: Bounce }) {
  return (
    <Stack gap={2} mb="xs" data-testid="bounce-reason">
      <Group gap={6}>
        <Badge size="sm" variant="light" color={bounce.type === "soft" ? "yellow" : "red"}>
          {bounceTypeLabels[bounce.type]}
        </Badge>
        {bounce.reason && (
          <Badge size="sm" variant="outline">
            {bounce.reason.replaceAll("_", " ")}
          </Badge>
        )}
        {bounce.status && (
          <Text size="xs" c="dimmed">
            {bounce.status}
            {bounce.recipient ? ` · ${bounce.recipient}` : ""}
          </Text>
        )}
      </Group>
      {bounce.diagnostic && (
        <Text size="xs" c="dimmed" ff="monospace">
          {bounce.diagnostic}
        </Text>
      )}
    </Stack>
  );
}

/** A "wrong person" reply names someone else: offer them as a lead in one click. */
function ReferralLine({ email }: { email: string }) {
  const [state, setState] = useState<"idle" | "adding" | "added" | "exists">("idle");
  const add = async () => {
    setState("adding");
    try {
      await api("/api/v1/leads", { body: { email } });
      setState("added");
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) setState("exists");
      else {
        setState("idle");
        notifyError(err, "Could not add the lead");
      }
    }
  };
  return (
    <Group gap="xs" mb="xs" data-testid="referral">
      <Text size="xs">
        Suggests writing to <b>{email}</b> instead.
      </Text>
      {state === "added" ? (
        <Badge size="sm" color="teal" variant="light">
          Added as a lead
        </Badge>
      ) : state === "exists" ? (
        <Badge size="sm" variant="light">
          Already a lead
        </Badge>
      ) : (
        <Button size="compact-xs" variant="light" loading={state === "adding"} onClick={() => void add()}>
          Add as lead
        </Button>
      )}
    </Group>
  );
}
