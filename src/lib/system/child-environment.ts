/**
 * The environment of every process `npm start` runs (web and worker): the parent's, plus the
 * resolved database, secrets and one NODE_ENV. Security checks read this configuration, never
 * which process they run in, so the web process and the worker must see the same values.
 */
export function childEnvironment(
  base: Record<string, string | undefined>,
  resolved: {
    DATABASE_URL: string;
    APP_ENCRYPTION_KEY: string;
    AUTH_SECRET: string;
    APP_URL: string;
    DATA_DIR: string;
    PORT: number;
  },
  process: "web" | "worker",
): NodeJS.ProcessEnv {
  return {
    ...base,
    // `npm start` serves a production build: production guards hold in every process
    NODE_ENV: "production",
    DATABASE_URL: resolved.DATABASE_URL,
    APP_ENCRYPTION_KEY: resolved.APP_ENCRYPTION_KEY,
    AUTH_SECRET: resolved.AUTH_SECRET,
    APP_URL: resolved.APP_URL,
    DATA_DIR: resolved.DATA_DIR,
    PORT: String(resolved.PORT),
    NEXT_TELEMETRY_DISABLED: "1",
    COLDFRAME_PROCESS: process,
  };
}
