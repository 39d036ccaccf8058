"use client";
import { AppShell, Burger, Group, ScrollArea, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import Link from "next/link";
import type { ReactNode } from "react";
import { Brand } from "./brand";
import { NavLinks } from "./nav-links";
import { type ShellUser, UserMenu } from "./user-menu";
import { VerifyEmailBanner } from "./verify-email-banner";
import { WorkspaceSwitcher } from "./workspace-switcher";

type Props = {
  user: ShellUser;
  activeWorkspaceId: string | null;
  /** the address still to verify, when a link can be sent to it */
  unverifiedEmail?: string | null;
  children: ReactNode;
};

export function DashboardShell({ user, activeWorkspaceId, unverifiedEmail, children }: Props) {
  const [opened, { toggle, close }] = useDisclosure();
  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 240, breakpoint: "sm", collapsed: { mobile: !opened } }}
      padding="xl"
      styles={{ main: { background: "var(--mantine-color-gray-0)" } }}
    >
      <AppShell.Header px="md">
        <Group h="100%" justify="space-between" wrap="nowrap">
          <Group gap="lg" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label="Toggle navigation"
            />
            <Link href="/campaigns" style={{ color: "inherit", textDecoration: "none" }}>
              <Brand />
            </Link>
            <WorkspaceSwitcher activeId={activeWorkspaceId} />
          </Group>
          <UserMenu user={user} />
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm">
        <AppShell.Section grow component={ScrollArea}>
          <NavLinks onNavigate={close} />
        </AppShell.Section>
        <AppShell.Section>
          <Text size="xs" c="dimmed" px="sm" py="xs">
            Coldframe · open source
          </Text>
        </AppShell.Section>
      </AppShell.Navbar>
      {/* Keyed by workspace: switching remounts the page so nothing from the old one lingers. */}
      <AppShell.Main key={activeWorkspaceId ?? "none"}>
        {unverifiedEmail && <VerifyEmailBanner email={unverifiedEmail} />}
        {children}
      </AppShell.Main>
    </AppShell>
  );
}
