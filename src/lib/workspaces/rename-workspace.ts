import { eq } from "drizzle-orm";
import { slugify } from "@/lib/auth/personal-workspace";
import type { DbOrTx } from "@/lib/db/client";
import { workspaces } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";
import { toWorkspaceView } from "./workspace-view";

/** A new name, and a slug that follows it (nothing links by slug, so it can change). */
export async function renameWorkspace(db: DbOrTx, workspaceId: string, name: string) {
  const [row] = await db
    .update(workspaces)
    .set({ name, slug: slugify(name) })
    .where(eq(workspaces.id, workspaceId))
    .returning();
  if (!row) throw notFound("workspace");
  return toWorkspaceView(row);
}
