"use client";
import { Button, Menu, Text } from "@mantine/core";
import { IconBraces, IconChevronDown } from "@tabler/icons-react";
import { leadVariables, token } from "./variables";

type Props = { customFields: string[]; onPick: (text: string) => void; disabled?: boolean };

/** A menu of template variables; picking one inserts it where the cursor was. */
export function VariablePicker({ customFields, onPick, disabled }: Props) {
  return (
    <Menu position="bottom-end" width={260} shadow="md" withinPortal>
      <Menu.Target>
        <Button
          variant="light"
          size="xs"
          leftSection={<IconBraces size={14} />}
          rightSection={<IconChevronDown size={14} />}
          disabled={disabled}
        >
          Insert variable
        </Button>
      </Menu.Target>
      <Menu.Dropdown mah={360} style={{ overflowY: "auto" }}>
        <Menu.Label>Lead fields</Menu.Label>
        {leadVariables.map((v) => (
          <Menu.Item key={v.name} onClick={() => onPick(token(v.name))} rightSection={<Code>{v.name}</Code>}>
            {v.label}
          </Menu.Item>
        ))}
        <Menu.Item onClick={() => onPick(token("firstName", "there"))}>
          First name, or “there” <Code>fallback</Code>
        </Menu.Item>
        {customFields.length > 0 && <Menu.Label>Custom fields (CSV columns)</Menu.Label>}
        {customFields.map((name) => (
          <Menu.Item key={name} onClick={() => onPick(token(name))}>
            {name}
          </Menu.Item>
        ))}
        <Menu.Label>Every email</Menu.Label>
        <Menu.Item onClick={() => onPick(`<a href="${token("unsubscribeUrl")}">Unsubscribe</a>`)}>
          Unsubscribe link
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

function Code({ children }: { children: string }) {
  return (
    <Text span size="xs" c="dimmed" ff="monospace">
      {children}
    </Text>
  );
}
