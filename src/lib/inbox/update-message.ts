import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "@/lib/db/client";
import { inboxMessages } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";
import { dispatchDeliveries } from "@/lib/webhooks/emit-event";
import type { UpdateMessage } from "./api-schemas";
import { applyReplyEffects } from "./apply-effects";
import { toThreadMessage } from "./get-thread";

/**
 * Mark read/unread, or change the category by hand (rules first, people last). A message moved
 * by hand into reply, unsubscribe request or bounce has that category's effects, like one the
 * rules had sorted there.
 */
export async function updateMessage(
  db: Db,
  workspaceId: string,
  id: string,
  input: z.output<typeof UpdateMessage>,
) {
  const { row, deliveryIds } = await db.transaction(async (tx) => {
    const [current] = await tx
      .select()
      .from(inboxMessages)
      .where(and(eq(inboxMessages.workspaceId, workspaceId), eq(inboxMessages.id, id)))
      .for("update");
    if (!current) throw notFound("message");
    const recategorised =
      (input.category !== undefined && input.category !== current.category) ||
      (input.intent !== undefined && input.intent !== current.intent);
    const [row] = await tx
      .update(inboxMessages)
      .set({
        ...(input.isRead !== undefined ? { isRead: input.isRead } : {}),
        ...(input.category !== undefined ? { category: input.category } : {}),
        ...(input.intent !== undefined ? { intent: input.intent } : {}),
        ...(recategorised ? { categorySource: "manual" as const } : {}),
      })
      .where(eq(inboxMessages.id, id))
      .returning();
    if (!recategorised || !row!.campaignId || !row!.leadId) return { row: row!, deliveryIds: [] };
    // the new category and its effects commit together, as when the sync stores a message
    const effects = await applyReplyEffects(tx, {
      messageId: row!.id,
      workspaceId,
      link: {
        campaignId: row!.campaignId,
        leadId: row!.leadId,
        sentEmailId: row!.sentEmailId,
        method: row!.linkMethod ?? "sender",
      },
      verdict: {
        category: row!.category,
        intent: row!.intent,
        bounce:
          row!.category === "bounce"
            ? (row!.bounce ?? {
                type: "hard",
                reason: "other",
                recipient: null,
                status: null,
                diagnostic: "marked by hand",
              })
            : null,
      },
      parsed: { from: row!.fromEmail ? { email: row!.fromEmail } : null, subject: row!.subject },
    });
    return { row: row!, deliveryIds: effects.deliveryIds };
  });
  await dispatchDeliveries(deliveryIds);
  return toThreadMessage(row);
}
