"use client";
import { Button, Group, Paper, Stack, Switch, Text, Textarea } from "@mantine/core";
import { IconSearch } from "@tabler/icons-react";
import { useState } from "react";
import { MAX_NAMES, parseNames } from "./parse-names";
import { TldPicker } from "./tld-picker";

export type SearchRequest = { names: string[]; tlds: string[]; suggestions: boolean };

type Props = {
  defaultTlds: string[];
  searching: boolean;
  onSearch: (req: SearchRequest) => void;
};

/** Names pasted in bulk, the TLDs to try them in, and whether to add suggested variants. */
export function SearchForm({ defaultTlds, searching, onSearch }: Props) {
  const [text, setText] = useState("");
  const [options, setOptions] = useState(defaultTlds);
  const [tlds, setTlds] = useState(defaultTlds);
  const [suggestions, setSuggestions] = useState(false);
  const names = parseNames(text);
  const tooMany = names.length > MAX_NAMES;
  const nameError = tooMany ? `At most ${MAX_NAMES} names at once: remove ${names.length - MAX_NAMES}` : null;
  const checks = names.length * Math.max(tlds.length, 1);
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (!names.length || tooMany) return;
    onSearch({ names, tlds, suggestions });
  };
  return (
    <Paper withBorder radius="lg" p="lg" component="form" onSubmit={submit}>
      <Stack gap="md">
        <Textarea
          label="Names"
          description="One per line or separated by commas. Bare names (acme) are tried in every selected TLD; full names (acme.io) as they are."
          placeholder={"acme\ngetacme\nacme-mail.com"}
          autosize
          minRows={4}
          maxRows={12}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          error={nameError}
          styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)" } }}
        />
        <TldPicker
          options={options}
          value={tlds}
          onChange={(value, opts) => {
            setTlds(value);
            setOptions(opts);
          }}
        />
        <Group justify="space-between" align="center">
          <Switch
            label="Include suggestions"
            description="Variants such as get-, try-, use-, -hq, -mail, -team"
            checked={suggestions}
            onChange={(e) => setSuggestions(e.currentTarget.checked)}
          />
          <Group gap="md">
            {names.length > 0 && !tooMany && (
              <Text size="sm" c="dimmed">
                {names.length} {names.length === 1 ? "name" : "names"}
                {tlds.length ? ` × ${tlds.length} TLDs` : ""}
                {checks > names.length ? ` = ${checks} checks` : ""}
              </Text>
            )}
            <Button
              type="submit"
              leftSection={<IconSearch size={16} />}
              loading={searching}
              disabled={!names.length || tooMany}
            >
              Search
            </Button>
          </Group>
        </Group>
      </Stack>
    </Paper>
  );
}
