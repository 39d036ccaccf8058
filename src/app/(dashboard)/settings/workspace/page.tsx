import type { Metadata } from "next";
import { WorkspaceSettings } from "@/components/settings/workspace-settings";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Workspace" };

export default function WorkspaceSettingsPage() {
  return <WorkspaceSettings />;
}
