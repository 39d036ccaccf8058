import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { findWorkspaceRow } from "@/lib/db/find-workspace-row";
import { cartItems } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { toCartItemView } from "./cart-item-view";
import { cartRegistrar } from "./cart-registrar";
import { extensionValuesSchema } from "./extension-values-schema";
import { displayName } from "./names";

/**
 * The extra registrant details of one cart line (a .us nexus category, a .ca legal type …), checked
 * against the fields the registrar stated for its TLD. The values given replace the line's; a blank
 * value is a field not filled in yet (the line keeps "needs details" while a required one is
 * blank). Every wrong field is named at once, each with its own message.
 */
export async function setCartExtensionValues(
  db: DbOrTx,
  workspaceId: string,
  id: string,
  values: Record<string, string>,
) {
  const item = await findWorkspaceRow(db, cartItems, workspaceId, id, "cart item");
  const given = Object.fromEntries(Object.entries(values).filter(([, v]) => v.trim() !== ""));
  const parsed = extensionValuesSchema(item.extensionFields).safeParse(given);
  if (!parsed.success) {
    const fields: Record<string, string[]> = Object.create(null);
    for (const issue of parsed.error.issues) {
      const keys = issue.code === "unrecognized_keys" ? issue.keys : [String(issue.path[0] ?? "")];
      const message =
        issue.code === "unrecognized_keys"
          ? `not a detail .${item.name.split(".").pop()} asks for`
          : issue.message;
      for (const key of keys) (fields[`extensionValues.${key}`] ??= []).push(message);
    }
    const labels = Object.keys(fields).map((k) => {
      const key = k.slice("extensionValues.".length);
      return `${item.extensionFields.find((f) => f.key === key)?.label ?? key}: ${fields[k]!.join("; ")}`;
    });
    throw new AppError("validation", `${displayName(item.name)}: ${labels.join("; ")}`, { fields });
  }
  const clean = Object.fromEntries(
    Object.entries(parsed.data).filter((e): e is [string, string] => typeof e[1] === "string"),
  );
  const [row] = await db
    .update(cartItems)
    .set({ extensionValues: Object.keys(clean).length > 0 ? clean : null })
    .where(and(eq(cartItems.workspaceId, workspaceId), eq(cartItems.id, id)))
    .returning();
  if (!row) throw new AppError("not_found", "cart item not found");
  return toCartItemView(row, (await cartRegistrar(db, row))?.capabilities);
}
