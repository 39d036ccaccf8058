import { and, eq, isNull } from "drizzle-orm";
import { encryptSecret } from "@/lib/crypto";
import type { DbOrTx } from "@/lib/db/client";
import { type Domain, domains } from "@/lib/db/schema";
import { DKIM_DEFAULT_SELECTOR, generateDkimKey } from "@/lib/dns/dkim";

/** The DKIM key pair, made once (two runs at once keep the first one written). */
export async function ensureDkimKey(db: DbOrTx, domain: Domain): Promise<Domain> {
  if (domain.dkimPrivateKeyEnc && domain.dkimSelector && domain.dkimPublicKey) return domain;
  const key = generateDkimKey();
  const [row] = await db
    .update(domains)
    .set({
      dkimSelector: domain.dkimSelector ?? DKIM_DEFAULT_SELECTOR,
      dkimPrivateKeyEnc: encryptSecret(key.privateKeyPem),
      dkimPublicKey: key.publicKey,
      updatedAt: new Date(),
    })
    .where(and(eq(domains.id, domain.id), isNull(domains.dkimPrivateKeyEnc)))
    .returning();
  if (row) return row;
  // another run wrote its key first: that one is kept
  const [current] = await db.select().from(domains).where(eq(domains.id, domain.id));
  return current!;
}
