import "@mantine/dropzone/styles.css";
import type { Metadata } from "next";
import { LeadsWorkspace } from "@/components/leads/leads-workspace";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Leads" };

export default function LeadsPage() {
  return <LeadsWorkspace />;
}
