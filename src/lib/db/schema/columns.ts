import { type AnyPgColumn, text, timestamp } from "drizzle-orm/pg-core";

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
