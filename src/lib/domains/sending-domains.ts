import { and, asc, eq } from "drizzle-orm";
import type { z } from "zod";
import type { Db, DbOrTx } from "@/lib/db/client";
import { type Domain, domains } from "@/lib/db/schema";
import { trackingCnameTarget } from "@/lib/dns/records";
import { AppError, notFound } from "@/lib/errors";
import type { AddDomain } from "./api-schemas";
import { startDomainDns } from "./domain-dns";

/**
 * Sending domains as the campaign engine needs them: the tracking host links go through and the
 * DKIM key emails are signed with. (Buying domains and setting up their DNS build on this.)
 */
export const toDomainView = (d: Domain) => ({
  id: d.id,
  name: d.name,
  status: d.status,
  trackingHost: d.trackingHost,
  trackingCname: trackingCnameTarget(),
  dkim: d.dkimSelector && d.dkimPublicKey ? { selector: d.dkimSelector, publicKey: d.dkimPublicKey } : null,
  createdAt: d.createdAt.toISOString(),
});

export async function listDomains(db: DbOrTx, workspaceId: string) {
  const rows = await db
    .select()
    .from(domains)
    .where(eq(domains.workspaceId, workspaceId))
    .orderBy(asc(domains.name));
  return rows.map(toDomainView);
}

export async function getDomain(db: DbOrTx, workspaceId: string, id: string) {
  const [row] = await db
    .select()
    .from(domains)
    .where(and(eq(domains.workspaceId, workspaceId), eq(domains.id, id)));
  if (!row) throw notFound("domain");
  return toDomainView(row);
}

/**
 * Add a domain bought elsewhere. With `dns` its DNS starts too: managed (a connected provider or
 * the platform's; setup job) or manual (records to paste; verification job). One transaction;
 * the job is queued after it commits.
 */
export async function addDomain(db: Db, workspaceId: string, input: z.output<typeof AddDomain>) {
  checkTrackingHost(input.name, input.trackingHost);
  const { row, after } = await db.transaction(async (tx) => {
    const [inserted] = await tx
      .insert(domains)
      .values({
        id: crypto.randomUUID(),
        workspaceId,
        name: input.name,
        source: "external",
        trackingHost: input.trackingHost ?? null,
      })
      .onConflictDoNothing()
      .returning();
    if (!inserted) throw new AppError("conflict", `${input.name} is already one of this workspace's domains`);
    const after = input.dns ? await startDomainDns(tx, inserted, input.dns, input.settings) : null;
    const [row] = await tx.select().from(domains).where(eq(domains.id, inserted.id));
    return { row: row!, after };
  });
  if (after) await after();
  return toDomainView(row);
}

export async function setTrackingHost(
  db: DbOrTx,
  workspaceId: string,
  id: string,
  trackingHost: string | null,
) {
  const current = await getDomain(db, workspaceId, id);
  checkTrackingHost(current.name, trackingHost);
  const [row] = await db
    .update(domains)
    .set({ trackingHost, updatedAt: new Date() })
    .where(and(eq(domains.workspaceId, workspaceId), eq(domains.id, id)))
    .returning();
  return toDomainView(row!);
}

export async function removeDomain(db: DbOrTx, workspaceId: string, id: string) {
  await getDomain(db, workspaceId, id);
  await db.delete(domains).where(and(eq(domains.workspaceId, workspaceId), eq(domains.id, id)));
}

/** The tracking host must be on the domain itself: links on another domain hurt deliverability. */
function checkTrackingHost(domain: string, host: string | null | undefined) {
  if (host && host !== domain && !host.endsWith(`.${domain}`)) {
    throw new AppError("validation", `the tracking host must be on ${domain}, e.g. track.${domain}`, {
      fields: { trackingHost: [`use a subdomain of ${domain}`] },
    });
  }
}
