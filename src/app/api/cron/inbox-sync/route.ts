import { timingSafeEqual } from "node:crypto";
import { errorResponse } from "@/lib/api/handler";
import { env } from "@/lib/config/env";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { queueInboxSyncs } from "@/lib/inbox/queue-inbox-syncs";

// For external schedulers (the worker's own cron does the same every minute).
export async function POST(req: Request) {
  try {
    const secret = env().CRON_SECRET;
    if (!secret) throw new AppError("unavailable", "set CRON_SECRET to use /api/cron/inbox-sync");
    const given = Buffer.from(req.headers.get("authorization")?.replace(/^Bearer\s+/i, "") ?? "");
    const expected = Buffer.from(secret);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new AppError("unauthorized", "send `Authorization: Bearer $CRON_SECRET`");
    }
    return Response.json(await queueInboxSyncs(getDb()));
  } catch (err) {
    return errorResponse(err);
  }
}

export const GET = POST;
