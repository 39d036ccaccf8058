import type { workspaces } from "@/lib/db/schema";

export const toWorkspaceView = (w: typeof workspaces.$inferSelect) => ({
  id: w.id,
  name: w.name,
  slug: w.slug,
  createdAt: w.createdAt.toISOString(),
});
