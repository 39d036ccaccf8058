import type { Metadata } from "next";
import { DomainOrdersPage } from "@/components/domain-shop/orders/orders-page";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Domain orders" };

export default function Page() {
  return <DomainOrdersPage />;
}
