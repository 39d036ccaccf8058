import { Badge, Group, Paper, Stack, Text } from "@mantine/core";
import { formatDateTime } from "@/components/ui/format";
import { ClassifySelect } from "./classify-select";
import { MessageBody } from "./message-body";
import { displayName, type ThreadMessage } from "./types";

type Props = { message: ThreadMessage; onChanged: (updated: ThreadMessage) => void };

/** One message of a thread: ours (outbound) tinted and set right, theirs bordered with a category select. */
export function MessageCard({ message: m, onChanged }: Props) {
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
      <MessageBody text={m.text} html={m.html} />
    </Paper>
  );
}
