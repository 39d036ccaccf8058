import { readdirSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { Readable } from "node:stream";
import { resetEnvCache } from "../../../src/lib/config/env";
import { applyClientAddress, parseTrustedProxies } from "../../../src/lib/web/client-address";

type Handler = (
  req: Request,
  ctx: { params: Promise<Record<string, string | string[]>> },
) => Promise<Response>;
type Route = { pattern: RegExp; keys: { name: string; catchAll: boolean }[]; file: string };

const appDir = path.resolve(import.meta.dirname, "../../../src/app");

/** Every src/app/**\/route.ts as a pattern, the way Next.js maps folders to URLs. */
function discoverRoutes(dir = appDir, prefix = ""): Route[] {
  const routes: Route[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    // route groups such as (dashboard) do not appear in URLs
    const segment = /^\(.*\)$/.test(entry.name) ? "" : `/${entry.name}`;
    if (entry.isDirectory())
      routes.push(...discoverRoutes(path.join(dir, entry.name), `${prefix}${segment}`));
    else if (entry.name === "route.ts") {
      const keys: Route["keys"] = [];
      const source = prefix
        .split("/")
        .map((seg) => {
          const m = seg.match(/^\[(\.\.\.)?(\w+)\]$/);
          if (!m) return seg.replace(/[.*+?^${}()|\\]/g, "\\$&");
          keys.push({ name: m[2]!, catchAll: Boolean(m[1]) });
          return m[1] ? "(.+)" : "([^/]+)";
        })
        .join("/");
      routes.push({ pattern: new RegExp(`^${source}$`), keys, file: path.join(dir, entry.name) });
    }
  }
  // static segments before dynamic ones, as Next.js does
  return routes.sort((a, b) => a.keys.length - b.keys.length);
}

export type AppServer = { url: string; close: () => Promise<void> };

/**
 * The app's real route handlers served over real HTTP on loopback, without a Next.js build:
 * requests become web `Request`s, exactly what the handlers receive inside Next.js. Sets APP_URL
 * to the server's address (auth callbacks and cookies depend on it).
 *
 * The client address is decided as scripts/web-server.ts decides it. By default loopback is a
 * trusted proxy, so tests act as different clients through `X-Forwarded-For`; pass
 * `trustedProxies: ""` to serve as `npm start` does with no proxy configured.
 */
export async function startAppServer(
  extraEnv: Record<string, string> = {},
  opts: { trustedProxies?: string } = {},
): Promise<AppServer> {
  const routes = discoverRoutes();
  const trusted = parseTrustedProxies(opts.trustedProxies ?? "127.0.0.1,::1");
  const server = http.createServer(async (nodeReq, nodeRes) => {
    try {
      applyClientAddress(nodeReq, trusted);
      const url = new URL(nodeReq.url ?? "/", `http://${nodeReq.headers.host}`);
      const route = routes.find((r) => r.pattern.test(url.pathname));
      if (!route) {
        nodeRes.writeHead(404).end("no route");
        return;
      }
      const match = url.pathname.match(route.pattern)!;
      const params: Record<string, string | string[]> = {};
      route.keys.forEach((k, i) => {
        const v = decodeURIComponent(match[i + 1]!);
        params[k.name] = k.catchAll ? v.split("/") : v;
      });
      const mod = (await import(route.file)) as Record<string, Handler | undefined>;
      const handler = mod[nodeReq.method ?? "GET"];
      if (!handler) {
        nodeRes.writeHead(405).end();
        return;
      }
      const headers = new Headers();
      for (const [k, v] of Object.entries(nodeReq.headers)) {
        if (Array.isArray(v)) for (const x of v) headers.append(k, x);
        else if (v !== undefined) headers.set(k, v);
      }
      // the body streams to the handler as it arrives, as in Next.js (never buffered whole here)
      const body = ["GET", "HEAD"].includes(nodeReq.method ?? "GET")
        ? undefined
        : (Readable.toWeb(nodeReq) as ReadableStream<Uint8Array>);
      const res = await handler(
        new Request(url, { method: nodeReq.method, headers, body, duplex: "half" } as RequestInit),
        { params: Promise.resolve(params) },
      );
      // a handler that answered without reading the whole body (a 413): drop the rest
      if (!nodeReq.readableEnded) nodeReq.resume();
      const outHeaders: Record<string, string | string[]> = {};
      res.headers.forEach((v, k) => {
        if (k !== "set-cookie") outHeaders[k] = v;
      });
      const cookies = res.headers.getSetCookie();
      if (cookies.length) outHeaders["set-cookie"] = cookies;
      nodeRes.writeHead(res.status, outHeaders);
      nodeRes.end(Buffer.from(await res.arrayBuffer()));
    } catch (err) {
      nodeRes.writeHead(500).end(String(err));
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  Object.assign(process.env, { APP_URL: url }, extraEnv);
  resetEnvCache();
  return {
    url,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
