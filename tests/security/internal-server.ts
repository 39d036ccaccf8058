import http from "node:http";
import type { AddressInfo } from "node:net";

export type InternalServer = {
  url: string;
  port: number;
  /** every request it received, as "METHOD /path" */
  hits: string[];
  close: () => Promise<void>;
};

/**
 * A service on the private network that must never be reached from outside: it answers every
 * request with a secret (or whatever `handler` says) and counts what reached it.
 */
export async function startInternalServer(
  host: string,
  handler?: (req: http.IncomingMessage, res: http.ServerResponse) => void,
  secret = "TOP-SECRET-internal-admin-token",
): Promise<InternalServer> {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    req.resume();
    if (handler) return handler(req, res);
    res.writeHead(200, { "content-type": "text/plain" });
    res.end(`${secret}\n`);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    port,
    hits,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A port on `host` that nothing listens on (bound, then released). */
export async function closedPort(host: string): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((resolve) => s.listen(0, host, resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}
