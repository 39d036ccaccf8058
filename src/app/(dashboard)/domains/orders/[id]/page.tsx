import type { Metadata } from "next";
import { DomainOrderPage } from "@/components/domain-shop/orders/order-page";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Domain order" };

type Props = {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export default async function Page({ params, searchParams }: Props) {
  const { id } = await params;
  const { checkout } = await searchParams;
  return <DomainOrderPage key={id} id={id} justPaid={checkout === "success"} />;
}
