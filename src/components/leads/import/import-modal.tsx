"use client";
import {
  Alert,
  Button,
  Group,
  Modal,
  Progress,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
} from "@mantine/core";
import { IconFileSpreadsheet } from "@tabler/icons-react";
import { useCallback, useState } from "react";
import { notifyError } from "@/components/ui/notify";
import type { CsvPreview, LeadImport, LeadList } from "../types";
import { upload } from "../upload";
import { CsvDropzone } from "./csv-dropzone";
import { ImportProgress } from "./import-progress";
import { MappingEditor, mappingProblems } from "./mapping-editor";

const PREVIEW_BYTES = 64 * 1024;

type Props = { opened: boolean; lists: LeadList[]; onClose: () => void; onImported: () => void };
type ListChoice = "none" | "existing" | "new";

/** Choose a file → check how its columns map → import, with progress and the rows left out. */
export function ImportModal({ opened, lists, onClose, onImported }: Props) {
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<CsvPreview | null>(null);
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState<number | null>(null);
  const [listChoice, setListChoice] = useState<ListChoice>("none");
  const [listId, setListId] = useState<string | null>(null);
  const [listName, setListName] = useState("");
  const [importId, setImportId] = useState<string | null>(null);
  const [done, setDone] = useState(false);

  const reset = () => {
    setFile(null);
    setPreview(null);
    setProblem(null);
    setImportId(null);
    setDone(false);
    setSent(null);
  };
  const close = () => {
    if (busy) return;
    reset();
    onClose();
  };

  const choose = async (f: File) => {
    setProblem(null);
    setBusy(true);
    try {
      // the first 64 KB are enough to read the header and sample rows, however big the file
      const form = new FormData();
      form.append("file", f.slice(0, PREVIEW_BYTES), f.name);
      const p = await upload<CsvPreview>("/api/v1/lead-imports/preview", form);
      setFile(f);
      setPreview(p);
      setMapping(p.mapping);
      if (!listName) setListName(f.name.replace(/\.[^.]+$/, "").slice(0, 100));
    } catch (err) {
      setProblem(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  const start = async () => {
    if (!file || !preview) return;
    setBusy(true);
    setSent(0);
    try {
      const form = new FormData();
      form.append("file", file, file.name);
      form.append("mapping", JSON.stringify(mapping));
      if (listChoice === "existing" && listId) form.append("listId", listId);
      if (listChoice === "new" && listName.trim()) form.append("listName", listName.trim());
      const started = await upload<LeadImport>("/api/v1/lead-imports", form, setSent);
      setImportId(started.id);
    } catch (err) {
      notifyError(err, "Could not start the import");
    } finally {
      setBusy(false);
      setSent(null);
    }
  };

  const finished = useCallback(() => {
    setDone(true);
    onImported();
  }, [onImported]);

  const blocked =
    !preview ||
    mappingProblems(preview.headers, mapping).length > 0 ||
    (listChoice === "existing" && !listId) ||
    (listChoice === "new" && !listName.trim());

  return (
    <Modal
      opened={opened}
      onClose={close}
      title="Import leads from CSV"
      size="xl"
      closeOnClickOutside={false}
    >
      {!preview && (
        <Stack>
          <CsvDropzone onFile={choose} onReject={setProblem} loading={busy} />
          {problem && (
            <Alert color="red" title="This file cannot be imported" data-testid="import-problem">
              {problem}
            </Alert>
          )}
        </Stack>
      )}
      {preview && !importId && (
        <Stack>
          <Group gap="xs">
            <IconFileSpreadsheet size={18} />
            <Text size="sm" fw={500}>
              {file?.name}
            </Text>
            <Text size="sm" c="dimmed">
              {preview.headers.length} columns, separated by “
              {preview.delimiter === "\t" ? "tab" : preview.delimiter}”
            </Text>
            <Button variant="subtle" size="compact-sm" onClick={reset} disabled={busy}>
              Choose another file
            </Button>
          </Group>
          <Text size="sm" c="dimmed">
            Check what each column becomes. Columns that are not lead fields are kept as custom fields you can
            use in templates; choose “Don’t import” to leave one out.
          </Text>
          <MappingEditor
            preview={preview}
            mapping={mapping}
            onChange={(h, t) => setMapping((m) => ({ ...m, [h]: t }))}
          />
          <Group align="flex-end">
            <SegmentedControl
              value={listChoice}
              onChange={(v) => setListChoice(v as ListChoice)}
              data={[
                { value: "none", label: "No list" },
                { value: "existing", label: "Add to a list", disabled: lists.length === 0 },
                { value: "new", label: "New list" },
              ]}
            />
            {listChoice === "existing" && (
              <Select
                aria-label="List"
                placeholder="Choose a list"
                data={lists.map((l) => ({ value: l.id, label: l.name }))}
                value={listId}
                onChange={setListId}
                w={240}
              />
            )}
            {listChoice === "new" && (
              <TextInput
                aria-label="New list name"
                value={listName}
                onChange={(e) => setListName(e.currentTarget.value)}
                w={240}
                maxLength={100}
              />
            )}
          </Group>
          {sent !== null && <Progress value={sent * 100} size="sm" aria-label="Upload progress" />}
          <Group justify="flex-end">
            <Button variant="default" onClick={close} disabled={busy}>
              Cancel
            </Button>
            <Button onClick={start} loading={busy} disabled={blocked}>
              Start import
            </Button>
          </Group>
        </Stack>
      )}
      {importId && (
        <Stack>
          <ImportProgress importId={importId} onFinished={finished} />
          <Group justify="flex-end">
            {done && (
              <Button variant="default" onClick={reset}>
                Import another file
              </Button>
            )}
            <Button onClick={close}>{done ? "Done" : "Hide (the import carries on)"}</Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
