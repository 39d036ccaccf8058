"use client";
import { NavLink, Stack } from "@mantine/core";
import {
  IconAddressBook,
  IconInbox,
  IconMailbox,
  IconSend,
  IconSettings,
  IconWorld,
} from "@tabler/icons-react";
import Link from "next/link";
import { usePathname } from "next/navigation";

const items = [
  { href: "/campaigns", label: "Campaigns", icon: IconSend },
  { href: "/leads", label: "Leads", icon: IconAddressBook },
  { href: "/inbox", label: "Inbox", icon: IconInbox },
  { href: "/mailboxes", label: "Mailboxes", icon: IconMailbox },
  { href: "/domains", label: "Domains", icon: IconWorld },
  { href: "/settings", label: "Settings", icon: IconSettings },
] as const;

export function NavLinks({ onNavigate }: { onNavigate?: () => void }) {
  const pathname = usePathname();
  return (
    <Stack gap={4}>
      {items.map(({ href, label, icon: Icon }) => (
        <NavLink
          key={href}
          component={Link}
          href={href}
          label={label}
          leftSection={<Icon size={19} stroke={1.6} />}
          active={pathname === href || pathname.startsWith(`${href}/`)}
          onClick={onNavigate}
          fw={500}
          style={{ borderRadius: "var(--mantine-radius-md)" }}
        />
      ))}
    </Stack>
  );
}
