// Runs once when the Next.js server starts: resolve the database (embedded when DATABASE_URL is
// unset) and apply migrations before the first request.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { initDatabase } = await import("@/lib/db/client");
  const { runMigrations } = await import("@/lib/db/migrate");
  const url = await initDatabase();
  await runMigrations(url);
}
