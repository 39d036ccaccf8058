import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { workspaces } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";
import { toWorkspaceView } from "./workspace-view";

export async function getWorkspace(db: DbOrTx, workspaceId: string) {
  const [row] = await db.select().from(workspaces).where(eq(workspaces.id, workspaceId)).limit(1);
  if (!row) throw notFound("workspace");
  return toWorkspaceView(row);
}
