"use client";
import { Alert, Group, Stack, Text, ThemeIcon } from "@mantine/core";
import { IconCheck, IconX } from "@tabler/icons-react";
import type { TestResult } from "./types";

/** SMTP and IMAP results side by side: each says what worked or what to fix. */
export function ConnectionResult({ result }: { result: TestResult }) {
  return (
    <Alert
      color={result.ok ? "teal" : "red"}
      variant="light"
      title={result.ok ? "Both logins worked" : "The connection test failed"}
      data-testid="connection-result"
    >
      <Stack gap={6}>
        <Line label="SMTP (sending)" ok={result.smtp.ok} error={result.smtp.error} />
        <Line label="IMAP (replies)" ok={result.imap.ok} error={result.imap.error} />
      </Stack>
    </Alert>
  );
}

function Line({ label, ok, error }: { label: string; ok: boolean; error: string | null }) {
  return (
    <Group
      gap="xs"
      wrap="nowrap"
      align="flex-start"
      data-testid={`result-${label.split(" ")[0]!.toLowerCase()}`}
    >
      <ThemeIcon size={20} radius="xl" color={ok ? "teal" : "red"} variant="filled" mt={1}>
        {ok ? <IconCheck size={13} /> : <IconX size={13} />}
      </ThemeIcon>
      <Text size="sm">
        <Text span fw={600} size="sm">
          {label}:
        </Text>{" "}
        {ok ? "logged in" : error}
      </Text>
    </Group>
  );
}
