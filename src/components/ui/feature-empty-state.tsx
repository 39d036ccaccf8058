import { EmptyState, Paper, Text } from "@mantine/core";
import type { ReactNode } from "react";

type Props = { icon: ReactNode; title: string; description: string; hint?: string };

/** What a section shows before it has anything in it: what will appear here and how it gets there. */
export function FeatureEmptyState({ icon, title, description, hint }: Props) {
  return (
    <Paper withBorder radius="lg" py={64} px="xl">
      <EmptyState
        icon={icon}
        variant="light"
        size="md"
        title={title}
        description={description}
        data-testid="empty-state"
      >
        {hint && (
          <Text size="xs" c="dimmed" mt="sm" ta="center">
            {hint}
          </Text>
        )}
      </EmptyState>
    </Paper>
  );
}
