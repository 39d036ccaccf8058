import type { DbOrTx } from "@/lib/db/client";
import type { CartItem } from "@/lib/db/schema";
import { logger } from "@/lib/logger";
import { getRegistrar } from "@/lib/registrars/get-registrar";
import type { Registrar, RegistrarId } from "@/lib/registrars/types";

/**
 * The registrar account that quoted a cart line, to say what it can do (nameservers, account cap);
 * null when it is no longer configured (checkout asks the registrars again and says so then).
 */
export async function cartRegistrar(
  db: DbOrTx,
  item: Pick<CartItem, "registrar" | "registrarAccountId">,
): Promise<Registrar | null> {
  try {
    return await getRegistrar(db, {
      registrar: item.registrar as RegistrarId,
      accountId: item.registrarAccountId,
    });
  } catch (err) {
    logger.warn({ err: err instanceof Error ? err.message : String(err) }, "cart line's registrar is gone");
    return null;
  }
}
