import { randomUUID } from "node:crypto";
import { rm } from "node:fs/promises";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/lib/db/client";
import { leadImports, leadLists } from "@/lib/db/schema";
import { invalidInput } from "@/lib/errors";
import { enqueue } from "@/lib/queue/enqueue";
import { requireList } from "./add-leads-to-list";
import { resolveMapping } from "./column-mapping";
import { createList } from "./create-list";
import { type LeadImportView, toLeadImportView } from "./lead-view";
import { previewCsvFile } from "./preview-csv";
import { receiveFileUpload, uploadPath } from "./receive-upload";

/** The text fields that come with the file. */
const ImportFields = z
  .object({
    listId: z.string().trim().min(1).optional(),
    listName: z.string().trim().min(1).max(100).optional(),
    mapping: z
      .string()
      .optional()
      .transform((text, ctx) => {
        if (!text?.trim()) return undefined;
        try {
          return JSON.parse(text) as unknown;
        } catch {
          ctx.addIssue({ code: "custom", message: 'mapping must be JSON: {"CSV header": "email", …}' });
          return z.NEVER;
        }
      })
      .pipe(z.record(z.string(), z.string()).optional()),
  })
  .refine((f) => !(f.listId && f.listName), {
    message: "give listId or listName, not both",
    path: ["listName"],
  });

/**
 * Accept an uploaded CSV and queue its import: the file streams to DATA_DIR/uploads, its header is
 * checked against the mapping, then the import row (pending) and its job are created. Any refusal
 * leaves nothing behind: no file, no row, no list.
 */
export async function startLeadImport(
  db: DbOrTx,
  opts: { workspaceId: string; request: Request },
): Promise<LeadImportView> {
  const id = randomUUID();
  const filePath = `uploads/${id}.csv`;
  const file = uploadPath(filePath);
  const upload = await receiveFileUpload(opts.request, file);
  let createdListId: string | undefined;
  try {
    const parsed = ImportFields.safeParse(upload.fields);
    if (!parsed.success) throw invalidInput(parsed.error, "form");
    const { listId, listName, mapping: overrides } = parsed.data;
    const { headers } = await previewCsvFile(file);
    const mapping = resolveMapping(headers, overrides as Record<string, string> | undefined);
    if (listId) await requireList(db, opts.workspaceId, listId);
    if (listName)
      createdListId = (await createList(db, { workspaceId: opts.workspaceId, name: listName })).id;
    const [row] = await db
      .insert(leadImports)
      .values({
        id,
        workspaceId: opts.workspaceId,
        listId: listId ?? createdListId ?? null,
        filename: upload.filename.slice(0, 255),
        filePath,
        fileBytes: upload.file.bytes,
        mapping,
      })
      .returning();
    try {
      await enqueue("leads.import", { importId: id }, { singletonKey: id });
    } catch (err) {
      await db.delete(leadImports).where(eq(leadImports.id, id));
      throw err;
    }
    return toLeadImportView(row!);
  } catch (err) {
    if (createdListId) await db.delete(leadLists).where(eq(leadLists.id, createdListId));
    await rm(file, { force: true });
    throw err;
  }
}
