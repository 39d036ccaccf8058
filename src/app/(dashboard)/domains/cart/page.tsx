import type { Metadata } from "next";
import { DomainCartPage } from "@/components/domain-shop/cart/cart-page";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Cart" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function Page({ searchParams }: Props) {
  const { checkout } = await searchParams;
  return <DomainCartPage cancelled={checkout === "cancelled"} />;
}
