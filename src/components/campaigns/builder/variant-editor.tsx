"use client";
import { Group, NumberInput, SegmentedControl, Stack, Text, Textarea, TextInput } from "@mantine/core";
import { useRef, useState } from "react";
import type { VariantDraft } from "./sequence-draft";
import { VariablePicker } from "./variable-picker";
import { insertAt, type TemplateField } from "./variables";

type Props = {
  variant: VariantDraft;
  label: string;
  /** a follow-up in the same thread may leave the subject empty: it is sent as "Re: …" */
  threaded: boolean;
  showWeight: boolean;
  customFields: string[];
  readOnly: boolean;
  onChange: (v: VariantDraft) => void;
};

type Field = HTMLInputElement | HTMLTextAreaElement;

/** Subject and body of one variant, with a variable picker that inserts at the cursor. */
export function VariantEditor({
  variant,
  label,
  threaded,
  showWeight,
  customFields,
  readOnly,
  onChange,
}: Props) {
  const [body, setBody] = useState<"bodyHtml" | "bodyText">("bodyHtml");
  const [last, setLast] = useState<TemplateField>("bodyHtml");
  const refs = useRef<Partial<Record<TemplateField, Field | null>>>({});
  const bind = (field: TemplateField) => ({
    ref: (el: Field | null) => {
      refs.current[field] = el;
    },
    value: variant[field],
    onFocus: () => setLast(field),
    onChange: (e: { currentTarget: Field }) => onChange({ ...variant, [field]: e.currentTarget.value }),
    readOnly,
  });

  const insert = (text: string) => {
    const field = last === "subject" ? "subject" : body;
    const el = refs.current[field];
    const next = insertAt(variant[field], text, el?.selectionStart ?? null, el?.selectionEnd ?? null);
    onChange({ ...variant, [field]: next.value });
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(next.caret, next.caret);
    });
  };

  return (
    <Stack gap="sm">
      <Group align="flex-end" gap="sm" wrap="nowrap">
        <TextInput
          label={`Subject (variant ${label})`}
          placeholder={
            threaded
              ? "Empty: replies in the thread as “Re: <first subject>”"
              : "Quick question, {{firstName}}"
          }
          style={{ flex: 1 }}
          {...bind("subject")}
        />
        {showWeight && (
          <NumberInput
            label="Weight"
            min={0}
            max={100}
            w={90}
            value={variant.weight}
            onChange={(v) => onChange({ ...variant, weight: typeof v === "number" ? v : 0 })}
            readOnly={readOnly}
          />
        )}
      </Group>
      <Group justify="space-between">
        <SegmentedControl
          size="xs"
          value={body}
          onChange={(v) => {
            setBody(v as typeof body);
            setLast(v as typeof body);
          }}
          data={[
            { value: "bodyHtml", label: "HTML body" },
            { value: "bodyText", label: "Plain-text body" },
          ]}
        />
        <VariablePicker customFields={customFields} onPick={insert} disabled={readOnly} />
      </Group>
      <Textarea
        key={body}
        aria-label={
          body === "bodyHtml" ? `HTML body (variant ${label})` : `Plain-text body (variant ${label})`
        }
        placeholder={
          body === "bodyHtml"
            ? '<p>{Hi|Hello} {{firstName | "there"}},</p>\n<p>…</p>'
            : "Optional: written from the HTML body when empty"
        }
        autosize
        minRows={7}
        maxRows={20}
        styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)", fontSize: 13 } }}
        {...bind(body)}
      />
      {showWeight && (
        <Text size="xs" c="dimmed">
          Leads are split between variants in proportion to their weights; weight 0 pauses a variant.
        </Text>
      )}
    </Stack>
  );
}
