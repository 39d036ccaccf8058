"use client";
import { ActionIcon, Anchor, Chip, Group, Input, Text, TextInput } from "@mantine/core";
import { IconPlus } from "@tabler/icons-react";
import { useState } from "react";

type Props = {
  /** every TLD offered as a chip: the defaults and any the user added */
  options: string[];
  value: string[];
  onChange: (value: string[], options: string[]) => void;
};

const TLD = /^[a-z0-9-]{2,63}(\.[a-z0-9-]{2,63})?$/;

/** The TLDs each name is checked in: chips to toggle, and a field to add one that is not listed. */
export function TldPicker({ options, value, onChange }: Props) {
  const [extra, setExtra] = useState("");
  const [error, setError] = useState<string | null>(null);
  const add = () => {
    const tld = extra.trim().toLowerCase().replace(/^\.+/, "");
    if (!tld) return;
    if (!TLD.test(tld)) {
      setError("A TLD is letters, digits and hyphens, like “shop” or “co.uk”");
      return;
    }
    setError(null);
    setExtra("");
    onChange(
      value.includes(tld) ? value : [...value, tld],
      options.includes(tld) ? options : [...options, tld],
    );
  };
  return (
    <Input.Wrapper
      label="TLDs"
      description={`Each name is checked in every selected TLD (${value.length} selected)`}
      error={error}
    >
      <Group gap={8} mt={8} align="center">
        <Chip.Group multiple value={value} onChange={(v) => onChange(v, options)}>
          {options.map((tld) => (
            <Chip key={tld} value={tld} size="sm" variant="outline">
              .{tld}
            </Chip>
          ))}
        </Chip.Group>
        <TextInput
          size="xs"
          w={110}
          placeholder="add .tld"
          aria-label="Add a TLD"
          value={extra}
          onChange={(e) => setExtra(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter") {
              e.preventDefault();
              add();
            }
          }}
          rightSection={
            <ActionIcon size="sm" variant="subtle" onClick={add} aria-label="Add TLD">
              <IconPlus size={14} />
            </ActionIcon>
          }
        />
        <Text size="xs" c="dimmed">
          <Anchor component="button" type="button" size="xs" onClick={() => onChange(options, options)}>
            all
          </Anchor>{" "}
          ·{" "}
          <Anchor component="button" type="button" size="xs" onClick={() => onChange([], options)}>
            none
          </Anchor>
        </Text>
      </Group>
    </Input.Wrapper>
  );
}
