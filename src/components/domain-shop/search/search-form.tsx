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
  const bare = names.some((n) => !n.includes("."));
  const nameError = tooMany
    ? `At most ${MAX_NAMES} names at once: remove ${names.length - MAX_NAMES}`
    : bare && !tlds.length
      ? "Pick at least one TLD below, or type full names such as acme.io"
      : null;
  const bareCount = names.filter((n) => !n.includes(".")).length;
  const checks = bareCount * tlds.length + (names.length - bareCount);
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (!names.length || nameError) return;
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
            {names.length > 0 && !nameError && (
              <Text size="sm" c="dimmed">
                {checks} {checks === 1 ? "domain" : "domains"} to check
                {suggestions ? " plus suggestions" : ""}
              </Text>
            )}
            <Button
              type="submit"
              leftSection={<IconSearch size={16} />}
              loading={searching}
              disabled={!names.length || nameError !== null}
            >
              Search
            </Button>
          </Group>
        </Group>
      </Stack>
    </Paper>
  );
}
