"use client";
import { Button } from "@mantine/core";
import { IconCreditCard } from "@tabler/icons-react";

/**
 * The way back to an unpaid order's Stripe Checkout page, while it has one (none once the session
 * expired or the order was paid).
 */
export function CheckoutButton({ url, label }: { url: string | null; label: string }) {
  if (!url) return null;
  return (
    <Button component="a" href={url} size="xs" leftSection={<IconCreditCard size={14} />}>
      {label}
    </Button>
  );
}
