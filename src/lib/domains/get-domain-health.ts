import { desc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { type DomainHealthCheck, domainHealthChecks } from "@/lib/db/schema";
import { ageView } from "./age-view";
import { findDomain } from "./find-domain";

const HISTORY_LIMIT = 180;

const checkView = (c: DomainHealthCheck) => ({
  id: c.id,
  score: c.score,
  state: c.state,
  items: c.items,
  changed: c.changed,
  checkedAt: c.checkedAt.toISOString(),
});

/** The latest check with its items, the domain's age, and the score history (oldest first). */
export async function getDomainHealth(db: DbOrTx, workspaceId: string, domainId: string) {
  const domain = await findDomain(db, workspaceId, domainId);
  const recent = await db
    .select()
    .from(domainHealthChecks)
    .where(eq(domainHealthChecks.domainId, domain.id))
    .orderBy(desc(domainHealthChecks.checkedAt))
    .limit(HISTORY_LIMIT);
  return {
    domainId: domain.id,
    latest: recent[0] ? checkView(recent[0]) : null,
    age: ageView(domain.domainCreatedAt),
    history: recent
      .reverse()
      .map((c) => ({ checkedAt: c.checkedAt.toISOString(), score: c.score, state: c.state })),
  };
}
