"use client";
import { Alert, Select, Table, Text } from "@mantine/core";
import { type CsvPreview, leadFieldLabels } from "../types";

type Props = {
  preview: CsvPreview;
  mapping: Record<string, string>;
  onChange: (header: string, target: string) => void;
};

/** Why this mapping cannot be imported, or null. Mirrors the server's checks for instant feedback. */
export function mappingProblems(headers: string[], mapping: Record<string, string>): string[] {
  const problems: string[] = [];
  const used = new Map<string, string>();
  for (const h of headers) {
    const target = mapping[h] ?? "ignore";
    if (target === "ignore") continue;
    const other = used.get(target);
    if (other)
      problems.push(`“${h}” and “${other}” are both imported as ${label(target)}: change one of them.`);
    used.set(target, h);
  }
  if (!used.has("email"))
    problems.push("Choose the column that holds the email addresses: every lead needs one.");
  return problems;
}

const label = (target: string) =>
  target.startsWith("custom:") ? `custom field “${target.slice(7)}”` : (leadFieldLabels[target] ?? target);

/** One row per CSV column: its name, sample values and what it becomes. */
export function MappingEditor({ preview, mapping, onChange }: Props) {
  const problems = mappingProblems(preview.headers, mapping);
  return (
    <>
      <Table.ScrollContainer minWidth={620} mah={380}>
        <Table verticalSpacing="xs" stickyHeader data-testid="mapping-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w="26%">Column in file</Table.Th>
              <Table.Th>Sample values</Table.Th>
              <Table.Th w={260}>Import as</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {preview.headers.map((header, i) => {
              const samples = preview.rows
                .map((r) => r[i]?.trim())
                .filter(Boolean)
                .slice(0, 3);
              return (
                <Table.Tr key={header}>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {header}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c="dimmed" lineClamp={2}>
                      {samples.length ? samples.join(" · ") : "(empty in the first rows)"}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Select
                      aria-label={`Import “${header}” as`}
                      data={[
                        {
                          group: "Lead field",
                          items: Object.entries(leadFieldLabels).map(([value, text]) => ({
                            value,
                            label: text,
                          })),
                        },
                        {
                          group: "Other",
                          items: [
                            { value: `custom:${header}`, label: `Custom field “${header}”` },
                            { value: "ignore", label: "Don’t import" },
                          ],
                        },
                      ]}
                      value={mapping[header] ?? "ignore"}
                      onChange={(v) => v && onChange(header, v)}
                      allowDeselect={false}
                      size="sm"
                    />
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {problems.length > 0 && (
        <Alert color="orange" variant="light" mt="sm" data-testid="mapping-problems">
          {problems.map((p) => (
            <Text key={p} size="sm">
              {p}
            </Text>
          ))}
        </Alert>
      )}
    </>
  );
}
