"use client";
import { Alert, Button, Group, Paper, Skeleton, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { api } from "@/components/ui/api";
import { CopyField } from "@/components/ui/copy-field";
import { formatDateTime } from "@/components/ui/format";
import { canManage, type Me } from "@/components/ui/me";
import { notifyError, notifySuccess } from "@/components/ui/notify";
import { RoleBadge } from "@/components/ui/role-badge";
import { useApi } from "@/components/ui/use-api";

export function WorkspaceSettings() {
  const router = useRouter();
  const { data: me, error, reload } = useApi<Me>("/api/v1/me");
  const [saving, setSaving] = useState(false);
  const form = useForm({
    initialValues: { name: "" },
    validate: {
      name: (v) => (v.trim().length >= 1 && v.trim().length <= 80 ? null : "Between 1 and 80 characters"),
    },
  });
  const { setValues, resetDirty } = form;
  useEffect(() => {
    if (me) {
      setValues({ name: me.workspace.name });
      resetDirty({ name: me.workspace.name });
    }
  }, [me, setValues, resetDirty]);

  if (error)
    return (
      <Alert color="red" title="Could not load the workspace">
        {error}
      </Alert>
    );
  if (!me) return <Skeleton h={240} radius="lg" />;

  const editable = canManage(me.role);
  const save = form.onSubmit(async ({ name }) => {
    setSaving(true);
    try {
      await api("/api/v1/workspace", { method: "PATCH", body: { name: name.trim() } });
      notifySuccess("Workspace renamed");
      await reload();
      router.refresh(); // the switcher in the header shows the name too
    } catch (err) {
      notifyError(err, "Could not rename the workspace");
    } finally {
      setSaving(false);
    }
  });

  return (
    <Stack gap="lg" maw={720}>
      <Paper withBorder p="lg" radius="lg">
        <Title order={3} fz="lg" mb={4}>
          Name
        </Title>
        <Text size="sm" c="dimmed" mb="md">
          Shown in the workspace switcher and to people you invite.
        </Text>
        <form onSubmit={save}>
          <Group align="flex-end">
            <TextInput label="Workspace name" flex={1} disabled={!editable} {...form.getInputProps("name")} />
            {editable && (
              <Button type="submit" loading={saving} disabled={!form.isDirty()}>
                Save
              </Button>
            )}
          </Group>
        </form>
        {!editable && (
          <Text size="xs" c="dimmed" mt="xs">
            Only owners and admins can rename the workspace.
          </Text>
        )}
      </Paper>
      <Paper withBorder p="lg" radius="lg">
        <Title order={3} fz="lg" mb="md">
          Details
        </Title>
        <Table variant="vertical" layout="fixed" withTableBorder={false}>
          <Table.Tbody>
            <Table.Tr>
              <Table.Th w={160}>Workspace ID</Table.Th>
              <Table.Td>
                <CopyField value={me.workspace.id} label="Copy ID" testId="workspace-id" />
              </Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>Slug</Table.Th>
              <Table.Td>
                <CopyField value={me.workspace.slug} label="Copy slug" />
              </Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>Created</Table.Th>
              <Table.Td>{formatDateTime(me.workspace.createdAt)}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>Your role</Table.Th>
              <Table.Td>
                <RoleBadge role={me.role} />
              </Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
      </Paper>
    </Stack>
  );
}
