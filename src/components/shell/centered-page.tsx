import { Box, Center, Stack, Text } from "@mantine/core";
import type { ReactNode } from "react";
import { Brand } from "./brand";

/** The frame of the pages outside the dashboard: the mark on top, one card in the middle. */
export function CenteredPage({ children }: { children: ReactNode }) {
  return (
    <Box mih="100vh" bg="var(--mantine-color-gray-0)">
      <Center mih="100vh" p="md">
        <Stack w="100%" maw={420} gap="lg" align="stretch">
          <Stack align="center" gap={6}>
            <Brand size="lg" />
            <Text c="dimmed" size="sm" ta="center">
              Cold email that lands: campaigns, one inbox, ready-to-send domains.
            </Text>
          </Stack>
          {children}
        </Stack>
      </Center>
    </Box>
  );
}
