import http from "node:http";
import type { AddressInfo } from "node:net";

export type ProxiedRequest = {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** the upstream answered, but the caller never got the answer (see dropAnswer) */
  dropped: boolean;
};

export type HttpProxy = {
  /** http://127.0.0.1:PORT */
  url: string;
  requests: ProxiedRequest[];
  /**
   * The next request matching `test` is forwarded and answered upstream, then the connection is
   * cut before the answer reaches the caller: a call that timed out after the provider acted.
   */
  dropAnswer(test: (r: { method: string; path: string }) => boolean): void;
  close(): Promise<void>;
};

/**
 * A loopback HTTP proxy in front of one or more local fakes: records every request (headers and
 * body, e.g. idempotency keys), routes by path (`target(path)` → base URL), and can lose an answer
 * on the way back. The provider behind it is real to its caller: nothing is mocked.
 */
export async function startHttpProxy(target: (path: string) => string): Promise<HttpProxy> {
  const requests: ProxiedRequest[] = [];
  const drops: ((r: { method: string; path: string }) => boolean)[] = [];
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const method = req.method ?? "GET";
    const path = req.url ?? "/";
    const record: ProxiedRequest = {
      method,
      path,
      headers: req.headers,
      body: body.toString("utf8"),
      dropped: false,
    };
    requests.push(record);
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(([k]) => !["host", "content-length", "connection"].includes(k)),
    ) as Record<string, string>;
    const upstream = await fetch(new URL(path, target(path)), {
      method,
      headers,
      body: method === "GET" || method === "HEAD" ? undefined : body,
    });
    const answer = Buffer.from(await upstream.arrayBuffer());
    const drop = drops.findIndex((d) => d({ method, path }));
    if (drop >= 0) {
      drops.splice(drop, 1);
      record.dropped = true;
      req.socket.destroy();
      return;
    }
    const out: Record<string, string> = {};
    upstream.headers.forEach((v, k) => {
      if (!["content-length", "content-encoding", "transfer-encoding", "connection"].includes(k)) out[k] = v;
    });
    res.writeHead(upstream.status, out).end(answer);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    dropAnswer: (test) => {
      drops.push(test);
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
