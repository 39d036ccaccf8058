"use client";
import { Anchor, Badge, Group, Tabs } from "@mantine/core";
import { IconArrowLeft, IconReceipt, IconSearch, IconShoppingCart } from "@tabler/icons-react";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { api } from "@/components/ui/api";
import { IconTabList } from "@/components/ui/icon-tab-list";
import type { Cart } from "./types";

const tabs = [
  { value: "/domains/search", label: "Search", icon: IconSearch },
  { value: "/domains/cart", label: "Cart", icon: IconShoppingCart },
  { value: "/domains/orders", label: "Orders", icon: IconReceipt },
] as const;

/**
 * The domain shop's own navigation: search, cart (with how many domains are in it) and orders,
 * and the way back to the workspace's domains. Pages that change the cart pass the count they
 * know; the others let the nav fetch it.
 */
export function ShopNav({ cartCount }: { cartCount?: number | null }) {
  const pathname = usePathname();
  const router = useRouter();
  const [fetched, setFetched] = useState<number | null>(null);
  useEffect(() => {
    if (cartCount !== undefined) return;
    api<Cart>("/api/v1/cart")
      .then((cart) => setFetched(cart.items.length))
      .catch(() => setFetched(null));
  }, [cartCount]);
  const count = cartCount === undefined ? fetched : cartCount;
  const active = tabs.find((t) => pathname.startsWith(t.value))?.value ?? null;
  return (
    <Group justify="space-between" align="flex-end" mb="lg" wrap="nowrap">
      <Tabs value={active} onChange={(v) => v && router.push(v)} style={{ flex: 1 }}>
        <IconTabList
          tabs={tabs.map((t) => ({
            ...t,
            right:
              t.value === "/domains/cart" && count ? (
                <Badge size="sm" variant="filled" px={6} data-testid="cart-count">
                  {count}
                </Badge>
              ) : null,
          }))}
        />
      </Tabs>
      <Anchor component={Link} href="/domains" size="sm" pb={8} style={{ whiteSpace: "nowrap" }}>
        <Group gap={4} wrap="nowrap">
          <IconArrowLeft size={14} />
          Your domains
        </Group>
      </Anchor>
    </Group>
  );
}
