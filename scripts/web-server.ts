/**
 * The web process: the production Next.js build behind our own small HTTP server, instead of
 * `next start`, so that the client's address comes from the connection. Next.js keeps whatever
 * `X-Forwarded-For` a client sends; here it is replaced, before Next.js or Better Auth see the
 * request, by the address the socket and TRUSTED_PROXIES vouch for (src/lib/web/client-address.ts).
 * Started by scripts/start.ts (`npm start`, `npm run web`), which provides the environment.
 */
import http from "node:http";
import path from "node:path";
import next from "next";
import { EnvError, env } from "../src/lib/config/env";
import { applyClientAddress, parseTrustedProxies } from "../src/lib/web/client-address";

const root = path.resolve(import.meta.dirname, "..");

async function main() {
  const config = env();
  const trusted = parseTrustedProxies(config.TRUSTED_PROXIES);
  const app = next({ dev: false, dir: root, port: config.PORT });
  await app.prepare();
  const handle = app.getRequestHandler();

  const server = http.createServer((req, res) => {
    applyClientAddress(req, trusted);
    handle(req, res).catch((err: unknown) => {
      console.error("[coldframe] request failed", err);
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end("internal error");
    });
  });
  await new Promise<void>((resolve) => server.listen(config.PORT, resolve));
  console.log(
    `[coldframe] web listening on port ${config.PORT}; trusted proxies: ${config.TRUSTED_PROXIES || "none"}`,
  );

  const stop = () => {
    server.close(() => void app.close().finally(() => process.exit(0)));
    server.closeAllConnections();
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

main().catch((err) => {
  console.error(err instanceof EnvError ? err.message : err);
  process.exit(1);
});
