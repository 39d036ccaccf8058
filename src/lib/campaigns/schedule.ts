import type { Campaign } from "@/lib/db/schema";

export type SendingWindow = Pick<Campaign, "timezone" | "sendDays" | "sendStartMinute" | "sendEndMinute">;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Weekday (0 = Sunday) and minutes after midnight of `at` in an IANA time zone. */
export function localTime(at: Date, timeZone: string): { weekday: number; minute: number; date: string } {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      weekday: "short",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
    });
    formatters.set(timeZone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(at).map((p) => [p.type, p.value]));
  const weekday = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"].indexOf(parts.weekday!);
  return {
    weekday,
    minute: Number(parts.hour) * 60 + Number(parts.minute),
    date: `${parts.year}-${parts.month}-${parts.day}`,
  };
}

/** True when the campaign may send at `at`: an allowed day, inside [start, end) local time. */
export function isInWindow(w: SendingWindow, at: Date): boolean {
  return opensAt(w, localTime(at, w.timezone));
}

/**
 * isInWindow for many campaigns at once: each zone's local time is read once per minute (the
 * window's precision), not once per campaign.
 */
export function windowChecker(): (w: SendingWindow, at: Date) => boolean {
  const cache = new Map<string, { weekday: number; minute: number }>();
  return (w, at) => {
    const key = `${w.timezone} ${Math.floor(at.getTime() / 60_000)}`;
    let local = cache.get(key);
    if (!local) cache.set(key, (local = localTime(at, w.timezone)));
    return opensAt(w, local);
  };
}

function opensAt(w: SendingWindow, { weekday, minute }: { weekday: number; minute: number }): boolean {
  return w.sendDays.includes(weekday) && minute >= w.sendStartMinute && minute < w.sendEndMinute;
}

/** The first moment at or after `from` inside the window (minute precision), or null if never. */
export function nextWindowOpening(w: SendingWindow, from: Date): Date | null {
  if (w.sendDays.length === 0 || w.sendStartMinute >= w.sendEndMinute) return null;
  let t = new Date(Math.ceil(from.getTime() / 60_000) * 60_000);
  const limit = from.getTime() + 8 * 24 * 3600_000;
  while (t.getTime() <= limit) {
    if (isInWindow(w, t)) return t;
    const { weekday, minute } = localTime(t, w.timezone);
    // jump to today's opening if before it, else to the next local midnight (DST-safe via re-check)
    const jump =
      w.sendDays.includes(weekday) && minute < w.sendStartMinute
        ? w.sendStartMinute - minute
        : 24 * 60 - minute;
    t = new Date(t.getTime() + Math.max(1, jump) * 60_000);
  }
  return null;
}

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/**
 * The first stretch of [from, until) inside the window, as [start, end), or null if none: the
 * times a tick that looks `until - from` ahead may plan sends at. The window has minute precision,
 * so each minute is read once (`isOpen` may memoise across campaigns sharing a zone).
 */
export function sendingSpan(
  w: SendingWindow,
  from: Date,
  until: Date,
  isOpen: (w: SendingWindow, minute: Date) => boolean = isInWindow,
): { start: Date; end: Date } | null {
  let start: number | null = null;
  for (let m = Math.floor(from.getTime() / 60_000) * 60_000; m < until.getTime(); m += 60_000) {
    const open = isOpen(w, new Date(m));
    if (open && start === null) start = Math.max(m, from.getTime());
    if (!open && start !== null) return { start: new Date(start), end: new Date(m) };
  }
  return start === null ? null : { start: new Date(start), end: until };
}
