import { ageInDays, NEW_DOMAIN_DAYS, NEW_DOMAIN_WARNING } from "./health-score";

export function ageView(createdAt: Date | null, now = new Date()) {
  if (!createdAt) return { createdAt: null, days: null, isNew: false, warning: null };
  const days = ageInDays(createdAt, now);
  const isNew = days < NEW_DOMAIN_DAYS;
  return { createdAt: createdAt.toISOString(), days, isNew, warning: isNew ? NEW_DOMAIN_WARNING : null };
}
