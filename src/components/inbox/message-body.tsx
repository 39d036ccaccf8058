"use client";
import { Box, Button, Group, Text } from "@mantine/core";
import { useMemo, useState } from "react";
import { stripQuoted } from "@/lib/inbox/strip-quoted";

/**
 * A message's text with the quoted original folded away, and its HTML (sanitized by the server)
 * only on request, in a sandboxed frame that runs no scripts and loads nothing into our page.
 */
export function MessageBody({ text, html }: { text: string; html: string | null }) {
  const [showQuoted, setShowQuoted] = useState(false);
  const [showHtml, setShowHtml] = useState(false);
  const fresh = useMemo(() => stripQuoted(text), [text]);
  const hasQuoted = fresh.length < text.trim().length;

  return (
    <>
      <Text size="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
        {showQuoted || !fresh ? text.trim() || "(no text)" : fresh}
      </Text>
      {(hasQuoted || html) && (
        <Group gap="xs" mt="xs">
          {hasQuoted && fresh && (
            <Button variant="subtle" size="compact-xs" onClick={() => setShowQuoted((v) => !v)}>
              {showQuoted ? "Hide quoted text" : "Show quoted text"}
            </Button>
          )}
          {html && (
            <Button variant="subtle" size="compact-xs" onClick={() => setShowHtml((v) => !v)}>
              {showHtml ? "Hide original HTML" : "Show original HTML"}
            </Button>
          )}
        </Group>
      )}
      {html && showHtml && (
        <Box
          component="iframe"
          title="Original HTML"
          sandbox=""
          srcDoc={html}
          w="100%"
          h={420}
          mt="xs"
          style={{
            border: "1px solid var(--mantine-color-default-border)",
            borderRadius: 8,
            background: "white",
          }}
        />
      )}
    </>
  );
}
