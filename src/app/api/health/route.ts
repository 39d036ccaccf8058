import { getDb } from "@/lib/db/client";
import { checkHealth } from "@/lib/system/health";

export const dynamic = "force-dynamic";

export async function GET() {
  const health = await checkHealth(getDb());
  return Response.json(health, { status: health.database.ok ? 200 : 503 });
}
