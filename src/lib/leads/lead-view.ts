import type { Lead, LeadImport, LeadList, Suppression } from "@/lib/db/schema";

export type LeadView = Omit<Lead, "workspaceId" | "createdAt" | "updatedAt"> & {
  createdAt: string;
  updatedAt: string;
};

export const toLeadView = ({ workspaceId: _w, ...lead }: Lead): LeadView => ({
  ...lead,
  createdAt: lead.createdAt.toISOString(),
  updatedAt: lead.updatedAt.toISOString(),
});

export type LeadListView = { id: string; name: string; leadCount: number; createdAt: string };

export const toLeadListView = (list: LeadList, leadCount: number): LeadListView => ({
  id: list.id,
  name: list.name,
  leadCount,
  createdAt: list.createdAt.toISOString(),
});

export type SuppressionView = Omit<Suppression, "workspaceId" | "createdAt"> & { createdAt: string };

export const toSuppressionView = ({ workspaceId: _w, ...s }: Suppression): SuppressionView => ({
  ...s,
  createdAt: s.createdAt.toISOString(),
});

export type LeadImportView = Omit<LeadImport, "workspaceId" | "filePath" | "createdAt" | "finishedAt"> & {
  /** 0…1, by bytes read */
  progress: number;
  createdAt: string;
  finishedAt: string | null;
};

export const toLeadImportView = ({ workspaceId: _w, filePath: _f, ...row }: LeadImport): LeadImportView => ({
  ...row,
  progress:
    row.status === "completed" ? 1 : row.fileBytes > 0 ? Math.min(1, row.bytesProcessed / row.fileBytes) : 0,
  createdAt: row.createdAt.toISOString(),
  finishedAt: row.finishedAt?.toISOString() ?? null,
});
