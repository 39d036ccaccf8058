import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { workspaces } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";
import { toWorkspaceView } from "./workspace-view";

export async function renameWorkspace(db: DbOrTx, workspaceId: string, name: string) {
  const [row] = await db.update(workspaces).set({ name }).where(eq(workspaces.id, workspaceId)).returning();
  if (!row) throw notFound("workspace");
  return toWorkspaceView(row);
}
