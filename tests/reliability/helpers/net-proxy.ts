import net, { type AddressInfo } from "node:net";

/**
 * A TCP proxy on loopback between the app and a real server (Dovecot here), which can cut a
 * connection after the server has sent it a number of bytes — as a network drop does, in the
 * middle of a response — and can slow the server's bytes down so a test can act (kill a process)
 * while a long response is still arriving. Client-to-server bytes pass untouched.
 */
export async function startNetProxy(target: { host: string; port: number }) {
  const state = {
    /** cut each new connection once the server has sent it this many bytes (null: never) */
    cutAfter: null as number | null,
    /** at most this many server bytes per 50 ms (null: as fast as they come) */
    bytesPer50ms: null as number | null,
  };
  let connections = 0;
  let cuts = 0;
  const open = new Set<net.Socket>();
  const server = net.createServer((client) => {
    connections++;
    const upstream = net.connect(target.port, target.host);
    for (const s of [client, upstream]) {
      open.add(s);
      s.on("close", () => open.delete(s));
      s.on("error", () => undefined);
    }
    const cutAfter = state.cutAfter;
    let sent = 0;
    let cut = false;
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on("close", end);
    upstream.on("close", end);
    client.on("data", (d) => upstream.write(d));
    upstream.on("data", (chunk: Buffer) => {
      upstream.pause();
      const pump = (rest: Buffer) => {
        if (cut || client.destroyed) return;
        const size = state.bytesPer50ms ?? rest.length;
        let piece = rest.subarray(0, size);
        if (cutAfter !== null && sent + piece.length >= cutAfter) {
          piece = piece.subarray(0, cutAfter - sent);
          client.write(piece);
          cut = true;
          cuts++;
          // the bytes written reach the app, then the connection is gone, mid-response
          client.end(() => end());
          setTimeout(end, 100).unref();
          return;
        }
        client.write(piece);
        sent += piece.length;
        const more = rest.subarray(piece.length);
        if (!more.length) upstream.resume();
        else if (state.bytesPer50ms) setTimeout(() => pump(more), 50);
        else pump(more);
      };
      pump(chunk);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    state,
    connections: () => connections,
    cuts: () => cuts,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of open) s.destroy();
        server.close(() => resolve());
      }),
  };
}
