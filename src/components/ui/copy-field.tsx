"use client";
import { ActionIcon, Code, CopyButton, Group, Tooltip } from "@mantine/core";
import { IconCheck, IconCopy } from "@tabler/icons-react";

/** A value in monospace with a button that copies it. */
export function CopyField({
  value,
  testId,
  label = "Copy",
}: {
  value: string;
  testId?: string;
  label?: string;
}) {
  return (
    <Group gap={6} wrap="nowrap" align="center">
      <Code
        data-testid={testId}
        style={{ wordBreak: "break-all", whiteSpace: "normal" }}
        fz="sm"
        py={4}
        px={8}
      >
        {value}
      </Code>
      <CopyButton value={value} timeout={1500}>
        {({ copied, copy }) => (
          <Tooltip label={copied ? "Copied" : label} withArrow>
            <ActionIcon variant="subtle" color={copied ? "teal" : "gray"} onClick={copy} aria-label={label}>
              {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
            </ActionIcon>
          </Tooltip>
        )}
      </CopyButton>
    </Group>
  );
}
