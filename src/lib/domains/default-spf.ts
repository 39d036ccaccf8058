import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { type Domain, mailboxes } from "@/lib/db/schema";
import { hostTerm, type SpfSettings } from "@/lib/dns/spf";

/** SPF from the mailboxes that will send as this domain (or, when none does yet, the workspace's). */
export async function defaultSpf(
  db: DbOrTx,
  domain: Pick<Domain, "name" | "workspaceId">,
): Promise<SpfSettings> {
  const rows = await db
    .select({ email: mailboxes.email, provider: mailboxes.provider, smtpHost: mailboxes.smtpHost })
    .from(mailboxes)
    .where(eq(mailboxes.workspaceId, domain.workspaceId));
  const own = rows.filter((m) => m.email.toLowerCase().endsWith(`@${domain.name}`));
  const senders = own.length ? own : rows;
  const providers = new Set(senders.map((m) => m.provider));
  const hosts = [
    ...new Set(
      senders
        .filter((m) => m.provider === "smtp" && m.smtpHost)
        .map((m) => m.smtpHost!.toLowerCase())
        // a known provider's SMTP host is its preset
        .filter((h) => !hostTerm(h).startsWith("include:")),
    ),
  ];
  const viaHost = senders
    .filter((m) => m.provider === "smtp" && m.smtpHost)
    .map((m) => hostTerm(m.smtpHost!))
    .filter((t) => t.startsWith("include:"));
  const google = providers.has("google") || viaHost.includes("include:_spf.google.com");
  const microsoft = providers.has("microsoft") || viaHost.includes("include:spf.protection.outlook.com");
  const ips = hosts.filter((h) => /^[\d.]+$|:/.test(h));
  const names = hosts.filter((h) => !ips.includes(h));
  if (google && !microsoft && hosts.length === 0) return { preset: "google" };
  if (microsoft && !google && hosts.length === 0) return { preset: "microsoft" };
  // mixed senders: custom with the providers' SMTP hosts, which map back to their includes
  return {
    preset: "custom",
    hosts: [...(google ? ["smtp.gmail.com"] : []), ...(microsoft ? ["smtp.office365.com"] : []), ...names],
    ips,
  };
}
