"use client";
import { ActionIcon, Group, Tabs, Text, Tooltip } from "@mantine/core";
import { IconPlus, IconTrash } from "@tabler/icons-react";
import { useState } from "react";
import { emptyVariant, MAX_VARIANTS, type VariantDraft, variantLabel } from "./sequence-draft";
import { VariantEditor } from "./variant-editor";

type Props = {
  variants: VariantDraft[];
  threaded: boolean;
  customFields: string[];
  readOnly: boolean;
  onChange: (variants: VariantDraft[]) => void;
};

/** A/B/C variants of a step as tabs; a new variant starts as a copy of the one shown. */
export function VariantTabs({ variants, threaded, customFields, readOnly, onChange }: Props) {
  const [active, setActive] = useState(variants[0]?.key ?? "");
  const current = variants.find((v) => v.key === active) ?? variants[0];
  const many = variants.length > 1;

  const add = () => {
    const copy = { ...(current ?? emptyVariant()), key: emptyVariant().key, id: undefined };
    onChange([...variants, copy]);
    setActive(copy.key);
  };
  const remove = (key: string) => {
    const rest = variants.filter((v) => v.key !== key);
    onChange(rest);
    setActive(rest[0]?.key ?? "");
  };

  return (
    <Tabs value={current?.key ?? null} onChange={(v) => v && setActive(v)} variant="outline">
      <Tabs.List>
        {variants.map((v, i) => (
          <Tabs.Tab key={v.key} value={v.key}>
            Variant {variantLabel(i)}
            {many && (
              <Text span size="xs" c="dimmed" ml={6}>
                weight {v.weight}
              </Text>
            )}
          </Tabs.Tab>
        ))}
        <Group gap={4} ml="auto" pb={4}>
          {variants.length < MAX_VARIANTS && !readOnly && (
            <Tooltip label="Add an A/B variant (a copy of this one)" withArrow>
              <ActionIcon variant="subtle" onClick={add} aria-label="Add variant">
                <IconPlus size={16} />
              </ActionIcon>
            </Tooltip>
          )}
          {many && current && !readOnly && (
            <Tooltip label={`Remove variant ${variantLabel(variants.indexOf(current))}`} withArrow>
              <ActionIcon
                variant="subtle"
                color="red"
                onClick={() => remove(current.key)}
                aria-label={`Remove variant ${variantLabel(variants.indexOf(current))}`}
              >
                <IconTrash size={16} />
              </ActionIcon>
            </Tooltip>
          )}
        </Group>
      </Tabs.List>
      {variants.map((v, i) => (
        <Tabs.Panel key={v.key} value={v.key} pt="md">
          <VariantEditor
            variant={v}
            label={variantLabel(i)}
            threaded={threaded}
            showWeight={many}
            customFields={customFields}
            readOnly={readOnly}
            onChange={(next) => onChange(variants.map((x) => (x.key === v.key ? next : x)))}
          />
        </Tabs.Panel>
      ))}
    </Tabs>
  );
}
