/** One item at random, each as likely as its weight (weights ≤ 0 never); undefined if none can be. */
export function pickByWeight<T extends { weight: number }>(items: T[], random = Math.random): T | undefined {
  const total = items.reduce((s, v) => s + Math.max(0, v.weight), 0);
  if (total <= 0) return undefined;
  let r = random() * total;
  for (const item of items) {
    r -= Math.max(0, item.weight);
    if (r < 0) return item;
  }
  return items.at(-1);
}
