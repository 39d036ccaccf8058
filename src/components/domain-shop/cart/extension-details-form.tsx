"use client";
import { Button, Group, Select, SimpleGrid, Stack, Text, TextInput } from "@mantine/core";
import { useState } from "react";
import { ApiError, api } from "@/components/ui/api";
import type { CartItem } from "../types";

type Field = CartItem["extensionFields"][number];

/** The registry's pattern, whole-value, as the server checks it; a bad one checks nothing here. */
function matches(field: Field, value: string): boolean {
  if (!field.pattern || !value) return true;
  try {
    return new RegExp(`^(?:${field.pattern.replace(/^\^/, "").replace(/\$$/, "")})$`).test(value);
  } catch {
    return true;
  }
}

/**
 * The extra registrant details one cart line's TLD requires (a .us nexus category, a .ca legal
 * type …): one input or select per field the registrar describes, with its label and help, checked
 * as typed and again by the server when saved (PATCH /api/v1/cart/{id}).
 */
export function ExtensionDetailsForm({
  item,
  onSaved,
}: {
  item: CartItem;
  onSaved: (item: CartItem) => void;
}) {
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(item.extensionFields.map((f) => [f.key, item.extensionValues[f.key] ?? ""])),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const set = (key: string, value: string) => {
    setValues((v) => ({ ...v, [key]: value }));
    setErrors((e) => ({ ...e, [key]: "" }));
  };

  const save = async () => {
    const local: Record<string, string> = {};
    for (const f of item.extensionFields) {
      const v = values[f.key]?.trim() ?? "";
      if (f.required && !v)
        local[f.key] = `${f.label} is required to register .${item.name.split(".").pop()}`;
      else if (!matches(f, v)) local[f.key] = `${f.label} is not in the form the registry asks for`;
    }
    setErrors(local);
    setMessage(null);
    if (Object.values(local).some(Boolean)) return;
    setSaving(true);
    try {
      const saved = await api<CartItem>(`/api/v1/cart/${item.id}`, {
        method: "PATCH",
        body: { extensionValues: values },
      });
      onSaved(saved);
    } catch (err) {
      if (err instanceof ApiError && Object.keys(err.fields).length > 0) {
        setErrors(
          Object.fromEntries(
            Object.entries(err.fields).map(([k, m]) => [k.replace(/^extensionValues\./, ""), m.join("; ")]),
          ),
        );
      } else setMessage(err instanceof Error ? err.message : String(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Stack gap="sm" data-testid="extension-details" data-name={item.name}>
      <Text size="sm">
        The <b>.{item.name.split(".").pop()}</b> registry asks for more about the registrant before it
        registers {item.displayName}.
      </Text>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        {item.extensionFields.map((f) =>
          f.options?.length ? (
            <Select
              key={f.key}
              label={f.label}
              description={f.help}
              required={f.required}
              data={f.options.map((o) => ({ value: o.value, label: o.label }))}
              value={values[f.key] || null}
              onChange={(v) => set(f.key, v ?? "")}
              error={errors[f.key] || undefined}
              placeholder="Choose…"
              allowDeselect={!f.required}
              comboboxProps={{ withinPortal: true }}
            />
          ) : (
            <TextInput
              key={f.key}
              label={f.label}
              description={f.help}
              required={f.required}
              value={values[f.key] ?? ""}
              onChange={(e) => set(f.key, e.currentTarget.value)}
              onBlur={() => {
                const v = values[f.key]?.trim() ?? "";
                if (!matches(f, v))
                  setErrors((e) => ({
                    ...e,
                    [f.key]: `${f.label} is not in the form the registry asks for`,
                  }));
              }}
              error={errors[f.key] || undefined}
            />
          ),
        )}
      </SimpleGrid>
      {message && (
        <Text size="sm" c="red">
          {message}
        </Text>
      )}
      <Group justify="flex-end">
        <Button
          size="xs"
          onClick={() => void save()}
          loading={saving}
          aria-label={`Save details for ${item.displayName}`}
        >
          Save details
        </Button>
      </Group>
    </Stack>
  );
}
