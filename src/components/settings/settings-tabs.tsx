"use client";
import { Tabs } from "@mantine/core";
import { IconBell, IconBuilding, IconKey, IconUsers, IconWebhook, IconWorldWww } from "@tabler/icons-react";
import { usePathname, useRouter } from "next/navigation";
import { IconTabList } from "@/components/ui/icon-tab-list";

const tabs = [
  { value: "/settings/workspace", label: "Workspace", icon: IconBuilding },
  { value: "/settings/members", label: "Members", icon: IconUsers },
  { value: "/settings/notifications", label: "Notifications", icon: IconBell },
  { value: "/settings/api-keys", label: "API keys", icon: IconKey },
  { value: "/settings/webhooks", label: "Webhooks", icon: IconWebhook },
  { value: "/settings/providers", label: "Domain providers", icon: IconWorldWww },
] as const;

export function SettingsTabs() {
  const pathname = usePathname();
  const router = useRouter();
  const active = tabs.find((t) => pathname.startsWith(t.value))?.value ?? tabs[0].value;
  return (
    <Tabs value={active} onChange={(v) => v && router.push(v)} mb="lg">
      <IconTabList tabs={tabs} />
    </Tabs>
  );
}
