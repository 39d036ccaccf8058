"use client";
import { Avatar, Group, Menu, Text, UnstyledButton } from "@mantine/core";
import { IconChevronDown, IconLogout, IconSettings } from "@tabler/icons-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { notifyError } from "@/components/ui/notify";
import { authClient } from "@/lib/auth/client";

export type ShellUser = { name: string; email: string };

export function UserMenu({ user }: { user: ShellUser }) {
  const router = useRouter();
  const logOut = async () => {
    const { error } = await authClient.signOut();
    if (error) return notifyError(error.message ?? "could not log out");
    router.replace("/login");
    router.refresh();
  };
  return (
    <Menu position="bottom-end" width={220} shadow="md">
      <Menu.Target>
        <UnstyledButton aria-label="Account menu" data-testid="user-menu">
          <Group gap={8} wrap="nowrap">
            <Avatar name={user.name || user.email} color="initials" size={32} />
            <Text size="sm" fw={500} visibleFrom="sm" maw={160} truncate>
              {user.name || user.email}
            </Text>
            <IconChevronDown size={14} />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          <Text size="xs" truncate>
            {user.email}
          </Text>
        </Menu.Label>
        <Menu.Item component={Link} href="/settings/workspace" leftSection={<IconSettings size={16} />}>
          Settings
        </Menu.Item>
        <Menu.Divider />
        <Menu.Item color="red" leftSection={<IconLogout size={16} />} onClick={logOut}>
          Log out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
