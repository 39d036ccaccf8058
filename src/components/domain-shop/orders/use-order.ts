"use client";
import { useEffect, useState } from "react";
import { api } from "@/components/ui/api";
import type { DomainStatus, Order } from "../types";

const FAST_MS = 2_000;
const SLOW_MS = 10_000;
const registrationUnderway: (DomainStatus | null)[] = ["pending_payment", "paid", "registering"];
const dnsUnderway: (DomainStatus | null)[] = ["registered", "configuring_dns", "verifying_dns"];

/**
 * How soon to look at the order again: every 2 s while payment or registration is under way, every
 * 10 s while DNS is being set up (minutes, not seconds), never once every domain is settled.
 */
export function nextPollMs(order: Order): number | null {
  if (order.status === "pending_payment" || order.status === "paid") return FAST_MS;
  if (order.status === "expired") return null;
  if (order.items.some((i) => registrationUnderway.includes(i.domainStatus))) return FAST_MS;
  if (order.items.some((i) => dnsUnderway.includes(i.domainStatus))) return SLOW_MS;
  return null;
}

/** GET /api/v1/orders/{id}, fetched again while it is still moving. */
export function useOrder(id: string) {
  const [order, setOrder] = useState<Order | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      let wait: number | null;
      try {
        const o = await api<Order>(`/api/v1/orders/${id}`);
        if (stopped) return;
        setOrder(o);
        setError(null);
        wait = nextPollMs(o);
      } catch (err) {
        if (stopped) return;
        setError(err instanceof Error ? err.message : String(err));
        // a blip (server restarting) should not stop the live view; keep trying, slowly
        wait = SLOW_MS;
      }
      if (wait !== null) timer = setTimeout(() => void poll(), wait);
    };
    void poll();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [id]);

  return { order, error };
}
