import { sql } from "drizzle-orm";
import { type AnyPgColumn, check, text, timestamp } from "drizzle-orm/pg-core";

/**
 * The columns most tables share, written once. Each helper builds exactly the column the tables
 * spelled out before (the migrations do not change); tables still list every column by name.
 */

/** The primary key: a text id (a UUID the application makes). */
export const id = () => text("id").primaryKey();

/** A required reference to `target`: the row goes when the row it belongs to goes. */
export const cascadeRef = (name: string, target: () => AnyPgColumn) =>
  text(name).notNull().references(target, { onDelete: "cascade" });

/** When the row was made. */
export const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();

/** When the row last changed (set by the code that changes it). */
export const updatedAt = () => timestamp("updated_at", { withTimezone: true }).notNull().defaultNow();

/**
 * A CHECK that `column` holds one of `values`, built from the same TypeScript list its type comes
 * from: the database refuses what the code could never mean, and the two lists cannot drift apart.
 * Nullable columns pass NULL (a CHECK is only false, never null, when it fails).
 */
export const oneOf = (name: string, column: AnyPgColumn, values: readonly string[]) =>
  check(name, sql`${column} in (${sql.raw(values.map((v) => `'${v.replace(/'/g, "''")}'`).join(", "))})`);
