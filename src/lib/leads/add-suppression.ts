import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { type suppressionKinds, type suppressionReasons, suppressions } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { domainProblem, normalizeEmail } from "./email";
import { type SuppressionView, toSuppressionView } from "./lead-view";

export type SuppressionKind = (typeof suppressionKinds)[number];
export type SuppressionReason = (typeof suppressionReasons)[number];

/**
 * What to store for a typed value: an address, or a domain (`@acme.com`, `https://www.acme.com/x`
 * and `ACME.com` all mean `acme.com`). Without a kind, a value with a local part is an email.
 */
export function normalizeSuppression(
  value: string,
  kind?: SuppressionKind,
): { kind: SuppressionKind; value: string } {
  const v = value.trim().toLowerCase();
  const asEmail = kind === "email" || (kind === undefined && /^[^@\s]+@/.test(v));
  if (asEmail) {
    const check = normalizeEmail(v);
    if (!check.ok) throw new AppError("validation", check.reason, { fields: { value: [check.reason] } });
    return { kind: "email", value: check.email };
  }
  const domain = v
    .replace(/^@/, "")
    .replace(/^[a-z]+:\/\//, "")
    .replace(/[/?#].*$/, "")
    .replace(/^www\./, "")
    .replace(/\.$/, "");
  const problem = domainProblem(domain);
  if (problem) {
    const message = `${problem}: enter an email address or a domain like example.com`;
    throw new AppError("validation", message, { fields: { value: [message] } });
  }
  return { kind: "domain", value: domain };
}

/**
 * Suppress an email or a whole domain. Idempotent: suppressing what is already suppressed returns
 * the existing entry (with its first reason) and `created: false`.
 */
export async function addSuppression(
  db: DbOrTx,
  opts: {
    workspaceId: string;
    value: string;
    kind?: SuppressionKind;
    reason: SuppressionReason;
    source?: string;
  },
): Promise<{ suppression: SuppressionView; created: boolean }> {
  const { kind, value } = normalizeSuppression(opts.value, opts.kind);
  const [inserted] = await db
    .insert(suppressions)
    .values({
      id: randomUUID(),
      workspaceId: opts.workspaceId,
      kind,
      value,
      reason: opts.reason,
      source: opts.source ?? null,
    })
    .onConflictDoNothing({ target: [suppressions.workspaceId, suppressions.kind, suppressions.value] })
    .returning();
  if (inserted) return { suppression: toSuppressionView(inserted), created: true };
  const [existing] = await db
    .select()
    .from(suppressions)
    .where(
      and(
        eq(suppressions.workspaceId, opts.workspaceId),
        eq(suppressions.kind, kind),
        eq(suppressions.value, value),
      ),
    )
    .limit(1);
  return { suppression: toSuppressionView(existing!), created: false };
}
