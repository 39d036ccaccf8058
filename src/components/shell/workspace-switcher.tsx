"use client";
import { Button, Menu, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconBuilding, IconCheck, IconPlus, IconSelector } from "@tabler/icons-react";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useState } from "react";
import { notifyError, unwrap } from "@/components/ui/notify";
import { authClient } from "@/lib/auth/client";
import { NewWorkspaceModal } from "./new-workspace-modal";

type Workspace = { id: string; name: string };

/** Lists the user's workspaces; picking one makes it the session's active workspace. */
export function WorkspaceSwitcher({ activeId }: { activeId: string | null }) {
  const router = useRouter();
  const [workspaces, setWorkspaces] = useState<Workspace[]>([]);
  const [creating, { open, close }] = useDisclosure(false);

  const load = useCallback(async () => {
    try {
      const list = unwrap(await authClient.organization.list()) ?? [];
      setWorkspaces(list);
      // A session can lack a usable active workspace (a fresh sign-up, or removed from it):
      // settle on one so every page and API call agrees which workspace this is.
      const first = list[0];
      if (first && !list.some((w) => w.id === activeId)) {
        unwrap(await authClient.organization.setActive({ organizationId: first.id }));
        router.refresh();
      }
    } catch (err) {
      notifyError(err, "Could not load your workspaces");
    }
  }, [activeId, router]);
  useEffect(() => {
    void load();
  }, [load]);

  const switchTo = async (id: string) => {
    if (id === activeId) return;
    try {
      unwrap(await authClient.organization.setActive({ organizationId: id }));
      router.refresh();
    } catch (err) {
      notifyError(err, "Could not switch workspace");
    }
  };

  const active = workspaces.find((w) => w.id === activeId) ?? workspaces[0];
  return (
    <>
      <Menu position="bottom-start" width={260} shadow="md">
        <Menu.Target>
          <Button
            variant="default"
            data-testid="workspace-switcher"
            leftSection={<IconBuilding size={16} />}
            rightSection={<IconSelector size={14} />}
            maw={260}
            styles={{ label: { overflow: "hidden" } }}
          >
            <Text size="sm" fw={500} truncate>
              {active?.name ?? "Workspace"}
            </Text>
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>Workspaces</Menu.Label>
          {workspaces.map((w) => (
            <Menu.Item
              key={w.id}
              onClick={() => switchTo(w.id)}
              rightSection={w.id === active?.id ? <IconCheck size={16} /> : null}
            >
              <Text size="sm" truncate>
                {w.name}
              </Text>
            </Menu.Item>
          ))}
          <Menu.Divider />
          <Menu.Item leftSection={<IconPlus size={16} />} onClick={open}>
            New workspace
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <NewWorkspaceModal opened={creating} onClose={close} onCreated={load} />
    </>
  );
}
