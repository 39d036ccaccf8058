const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

export function formatDateTime(value: string | Date | null | undefined, empty = "—"): string {
  if (!value) return empty;
  return dateTime.format(new Date(value));
}

export function formatDate(value: string | Date | null | undefined, empty = "—"): string {
  if (!value) return empty;
  return dateOnly.format(new Date(value));
}
