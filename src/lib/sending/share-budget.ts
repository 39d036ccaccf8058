import type { PlanMailbox } from "./plan-sends";

/**
 * Cap the mailboxes' slots so that together they fit the tick's budget: an even share each (the
 * largest that fits), the odd ones left to the first in order.
 */
export function shareBudget(mailboxes: PlanMailbox[], budget: number): PlanMailbox[] {
  const sum = (share: number) => mailboxes.reduce((n, m) => n + Math.min(m.maxSlots, share), 0);
  if (sum(Number.POSITIVE_INFINITY) <= budget) return mailboxes;
  let lo = 0;
  let hi = budget;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (sum(mid) <= budget) lo = mid;
    else hi = mid - 1;
  }
  let odd = budget - sum(lo);
  return mailboxes
    .map((m) => {
      const extra = odd > 0 && m.maxSlots > lo ? 1 : 0;
      odd -= extra;
      return { ...m, maxSlots: Math.min(m.maxSlots, lo) + extra };
    })
    .filter((m) => m.maxSlots > 0);
}
