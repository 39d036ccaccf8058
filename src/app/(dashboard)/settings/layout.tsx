import type { ReactNode } from "react";
import { SettingsTabs } from "@/components/settings/settings-tabs";
import { PageHeader } from "@/components/ui/page-header";

export default function SettingsLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <PageHeader
        title="Settings"
        description="Your workspace, the people in it, your notifications, and keys for the REST API."
      />
      <SettingsTabs />
      {children}
    </>
  );
}
