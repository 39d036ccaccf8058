import type { Metadata } from "next";
import { DomainPage } from "@/components/domains/domain-page";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Domain" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <DomainPage key={id} id={id} />;
}
