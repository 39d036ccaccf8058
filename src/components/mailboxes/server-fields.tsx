"use client";
import { Group, NumberInput, Select, TextInput } from "@mantine/core";
import type { UseFormReturnType } from "@mantine/form";
import { defaultPort } from "./presets";
import type { TlsMode } from "./types";

const modes = [
  { value: "tls", label: "TLS" },
  { value: "starttls", label: "STARTTLS" },
  { value: "none", label: "None (unencrypted)" },
];

type Values = { smtp: { host: string; port: number | string; security: TlsMode } } & {
  imap: { host: string; port: number | string; security: TlsMode };
};

/**
 * Host, port and TLS mode of one protocol. Choosing a mode moves the port to that mode's usual
 * value only while the port is empty or still another mode's usual value: a port the user typed
 * (2525, 1465…) stays.
 */
export function ServerFields<T extends Values>({
  form,
  protocol,
}: {
  form: UseFormReturnType<T>;
  protocol: "smtp" | "imap";
}) {
  const label = protocol.toUpperCase();
  const security = form.getInputProps(`${protocol}.security`);
  return (
    <Group align="flex-start" grow preventGrowOverflow={false} wrap="nowrap">
      <TextInput
        label={`${label} host`}
        placeholder={protocol === "smtp" ? "smtp.example.com" : "imap.example.com"}
        style={{ flex: 3 }}
        {...form.getInputProps(`${protocol}.host`)}
      />
      <NumberInput
        label="Port"
        min={1}
        max={65535}
        hideControls
        style={{ flex: 1 }}
        {...form.getInputProps(`${protocol}.port`)}
      />
      <Select
        label="Security"
        data={modes}
        allowDeselect={false}
        style={{ flex: 2 }}
        {...security}
        onChange={(value) => {
          if (!value) return;
          form.setFieldValue(`${protocol}.security` as never, value as never);
          const usual = Object.values(defaultPort[protocol]) as number[];
          const port = form.getInputProps(`${protocol}.port`).value as number | string;
          if (port === "" || usual.includes(Number(port)))
            form.setFieldValue(`${protocol}.port` as never, defaultPort[protocol][value as TlsMode] as never);
        }}
      />
    </Group>
  );
}
