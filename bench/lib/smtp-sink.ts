import net, { type AddressInfo } from "node:net";

/**
 * A raw SMTP sink on loopback for throughput floors: it answers every command at once (220, 250,
 * 354, 250; AUTH accepted) and counts what it receives. nodemailer's smtp-server holds each
 * greeting about 100 ms, which would cap any sender at ~10 connections a second; this one costs
 * next to nothing, so what a benchmark measures is the sender.
 */
export async function startSmtpSink() {
  const stats = { connections: 0, messages: 0, bytes: 0 };
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    stats.connections++;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => socket.destroy());
    socket.setNoDelay(true);
    let inData = false;
    let pending = "";
    socket.write("220 sink.test ESMTP\r\n");
    socket.on("data", (chunk: Buffer) => {
      pending += chunk.toString("latin1");
      for (;;) {
        if (inData) {
          const end = pending.indexOf("\r\n.\r\n");
          if (end === -1) {
            // keep only what could start the terminator
            stats.bytes += Math.max(0, pending.length - 4);
            pending = pending.slice(-4);
            return;
          }
          stats.bytes += end;
          stats.messages++;
          pending = pending.slice(end + 5);
          inData = false;
          socket.write("250 2.0.0 Ok: queued\r\n");
          continue;
        }
        const nl = pending.indexOf("\r\n");
        if (nl === -1) return;
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === "EHLO") socket.write("250-sink.test\r\n250-AUTH PLAIN\r\n250 8BITMIME\r\n");
        else if (verb === "HELO") socket.write("250 sink.test\r\n");
        else if (verb === "AUTH") socket.write("235 2.7.0 Authentication successful\r\n");
        else if (verb === "DATA") {
          inData = true;
          // the terminator may follow the DATA line at once when a message is empty
          pending = `\r\n${pending}`;
          socket.write("354 End data with <CR><LF>.<CR><LF>\r\n");
        } else if (verb === "QUIT") {
          socket.end("221 2.0.0 Bye\r\n");
          return;
        } else socket.write("250 2.0.0 Ok\r\n");
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    stats,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
