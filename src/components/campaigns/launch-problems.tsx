"use client";
import { Alert, Button, CloseButton, Group, List, Text } from "@mantine/core";
import { IconAlertCircle } from "@tabler/icons-react";

export type BuilderTab = "sequence" | "preview" | "schedule" | "mailboxes" | "leads";

/** Which part of the builder fixes a launch problem, by the words the API uses for it. */
export function fixFor(problem: string): { tab: BuilderTab; label: string } {
  if (/mailbox/i.test(problem)) return { tab: "mailboxes", label: "Pick mailboxes" };
  if (/^add leads/i.test(problem)) return { tab: "leads", label: "Add leads" };
  if (/\{\{/.test(problem)) return { tab: "sequence", label: "Add a fallback" };
  return { tab: "sequence", label: "Edit the sequence" };
}

type Props = { problems: string[]; onFix: (tab: BuilderTab) => void; onClose: () => void };

/** Every reason a launch was refused, each with a button to the place that fixes it. */
export function LaunchProblems({ problems, onFix, onClose }: Props) {
  if (!problems.length) return null;
  return (
    <Alert
      color="red"
      icon={<IconAlertCircle size={18} />}
      title={
        <Group justify="space-between" w="100%">
          <span>The campaign cannot launch yet</span>
          <CloseButton size="sm" onClick={onClose} aria-label="Dismiss" />
        </Group>
      }
      mb="lg"
      data-testid="launch-problems"
      styles={{ label: { width: "100%" }, title: { width: "100%" } }}
    >
      <Text size="sm" mb="xs">
        Fix {problems.length === 1 ? "this" : `these ${problems.length} things`}, then launch again:
      </Text>
      <List size="sm" spacing={6}>
        {problems.map((p) => {
          const fix = fixFor(p);
          return (
            <List.Item key={p}>
              <Group gap="xs" wrap="nowrap" align="baseline">
                <Text size="sm" style={{ overflowWrap: "anywhere" }}>
                  {p[0]!.toUpperCase() + p.slice(1)}
                </Text>
                <Button
                  size="compact-xs"
                  variant="light"
                  color="red"
                  onClick={() => onFix(fix.tab)}
                  style={{ flexShrink: 0 }}
                >
                  {fix.label}
                </Button>
              </Group>
            </List.Item>
          );
        })}
      </List>
    </Alert>
  );
}
