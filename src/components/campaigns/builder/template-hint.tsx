import { Code, List, Paper, Text } from "@mantine/core";

/** How templates work, in one glance above the steps. */
export function TemplateHint() {
  return (
    <Paper
      withBorder
      radius="lg"
      px="lg"
      py="sm"
      bg="blue.0"
      style={{ borderColor: "var(--mantine-color-blue-2)" }}
    >
      <Text size="sm" fw={500} mb={4}>
        Writing templates
      </Text>
      <List size="sm" spacing={2}>
        <List.Item>
          <Code>{"{{firstName}}"}</Code> fills in the lead&apos;s field; custom fields go by their CSV header,
          e.g. <Code>{"{{industry}}"}</Code>. Use “Insert variable” to pick one.
        </List.Item>
        <List.Item>
          <Code>{'{{firstName | "there"}}'}</Code> falls back to “there” when the field is empty. Launch
          refuses a variable some lead lacks unless it has a fallback.
        </List.Item>
        <List.Item>
          Spintax <Code>{"{Hi|Hello|Hey}"}</Code> picks one per lead, the same in the preview and the sent
          email.
        </List.Item>
        <List.Item>
          An empty plain-text body is written from the HTML. <Code>{"{{unsubscribeUrl}}"}</Code> is the
          lead&apos;s one-click unsubscribe link.
        </List.Item>
      </List>
    </Paper>
  );
}
