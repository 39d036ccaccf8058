import type { Metadata } from "next";
import { DomainSearchPage } from "@/components/domain-shop/search/search-page";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Buy domains" };

export default function Page() {
  return <DomainSearchPage />;
}
