"use client";
import { Group, Stack, Text } from "@mantine/core";
import { Dropzone, MIME_TYPES } from "@mantine/dropzone";
import { IconFileSpreadsheet, IconUpload, IconX } from "@tabler/icons-react";

export const MAX_CSV_BYTES = 500 * 1024 * 1024;

type Props = { onFile: (file: File) => void; onReject: (message: string) => void; loading: boolean };

/** Drop or pick one CSV file. */
export function CsvDropzone({ onFile, onReject, loading }: Props) {
  return (
    <Dropzone
      onDrop={(files) => files[0] && onFile(files[0])}
      onReject={(rejections) => {
        const code = rejections[0]?.errors[0]?.code;
        onReject(
          code === "file-too-large"
            ? "The file is larger than 500 MB: split it into smaller files and import them one by one."
            : code === "file-invalid-type"
              ? "That is not a CSV file. In your spreadsheet, choose File → Save as / Download → CSV, then drop that file here."
              : "Drop one CSV file at a time.",
        );
      }}
      // browsers label CSV files differently (Windows often as Excel): accept by type or by extension
      accept={{
        [MIME_TYPES.csv]: [".csv"],
        "text/plain": [".csv", ".txt"],
        "application/vnd.ms-excel": [".csv"],
      }}
      maxSize={MAX_CSV_BYTES}
      multiple={false}
      loading={loading}
      data-testid="csv-dropzone"
    >
      <Group justify="center" gap="xl" mih={180} style={{ pointerEvents: "none" }}>
        <Dropzone.Accept>
          <IconUpload size={48} stroke={1.5} color="var(--mantine-color-indigo-6)" />
        </Dropzone.Accept>
        <Dropzone.Reject>
          <IconX size={48} stroke={1.5} color="var(--mantine-color-red-6)" />
        </Dropzone.Reject>
        <Dropzone.Idle>
          <IconFileSpreadsheet size={48} stroke={1.5} color="var(--mantine-color-dimmed)" />
        </Dropzone.Idle>
        <Stack gap={4}>
          <Text size="lg" fw={500}>
            Drop a CSV file here, or click to choose one
          </Text>
          <Text size="sm" c="dimmed" maw={460}>
            The first line must name the columns. One column needs the email address; name, company and any
            other columns become lead fields or custom fields. Up to 500 MB.
          </Text>
        </Stack>
      </Group>
    </Dropzone>
  );
}
