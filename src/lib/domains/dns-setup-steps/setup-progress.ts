import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { type DnsSetupProgress, domains } from "@/lib/db/schema";

/** The steps of a managed DNS setup, in the order the user sees them (domains.dns_progress). */
export const SETUP_STEPS = [
  ["zone", "DNS zone"],
  ["nameservers", "Nameservers at the registrar"],
  ["spf", "SPF"],
  ["dkim", "DKIM"],
  ["dmarc", "DMARC"],
  ["mx", "MX"],
  ["tracking", "Tracking CNAME"],
  ["redirect", "Redirect to your site"],
  ["verify", "Propagation"],
] as const;
export type SetupStepKey = (typeof SETUP_STEPS)[number][0];

export type SetupProgress = ReturnType<typeof setupProgress>;

/**
 * The progress of one setup run, written to the domain at every change so the page shows each
 * step as it happens. `current` is the step a failure belongs to: the last one started.
 */
export function setupProgress(db: Db, domainId: string) {
  const value: DnsSetupProgress = {
    steps: SETUP_STEPS.map(([key, label]) => ({ key, label, state: "pending" as const })),
    startedAt: new Date().toISOString(),
  };
  let current: SetupStepKey = "zone";
  const save = () =>
    db.update(domains).set({ dnsProgress: value, updatedAt: new Date() }).where(eq(domains.id, domainId));
  const mark = async (key: SetupStepKey, state: "running" | "done", detail?: string) => {
    const s = value.steps.find((x) => x.key === key)!;
    s.state = state;
    if (detail !== undefined) s.detail = detail;
    await save();
  };
  return {
    value,
    start: async (key: SetupStepKey, detail?: string) => {
      current = key;
      await mark(key, "running", detail);
    },
    done: (key: SetupStepKey, detail: string) => mark(key, "done", detail),
    /** start the step, run it, and show what it did */
    run: async (key: SetupStepKey, step: () => Promise<string>) => {
      current = key;
      await mark(key, "running");
      await mark(key, "done", await step());
    },
    /** the step that was running failed: it, and the run, carry the message (not yet saved) */
    fail: (message: string) => {
      const s = value.steps.find((x) => x.key === current)!;
      s.state = "failed";
      s.detail = message;
      value.error = message;
    },
  };
}
