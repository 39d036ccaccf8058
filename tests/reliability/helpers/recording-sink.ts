import net, { type AddressInfo } from "node:net";

export type SunkMessage = {
  /** RCPT TO addresses */
  to: string[];
  /** MAIL FROM address */
  from: string;
  /** the header block of the message as received (unfolded lines kept as sent) */
  headers: string;
  messageId: string | null;
  at: number;
};

/**
 * What the sink does at one point of a session: `accept` answers as a healthy server does; a
 * string is sent as the reply line (e.g. "421 4.7.0 Try again later"); `close` drops the
 * connection without a reply; `hang` never answers (the client's timeout decides).
 */
export type SinkAction = "accept" | "close" | "hang" | string;

export type SinkFaults = {
  /** on each new connection, before the greeting */
  onConnect?: (connection: number) => SinkAction;
  /**
   * after the message's final dot; "accept" records it and answers 250. A promise holds the answer
   * until it settles (the client is waiting for it): a test does something at the moment the
   * server has the whole message and has not yet said 250.
   */
  afterData?: (message: SunkMessage, index: number) => SinkAction | Promise<SinkAction>;
};

/**
 * A raw SMTP server on loopback that records every message it accepts (envelope, headers,
 * Message-ID), answers at once, and can be told to misbehave the way real servers do (421 at
 * connect, closing after DATA, never answering). Reliability tests count what arrived here: each
 * lead's step exactly once.
 */
export async function startRecordingSink(faults: SinkFaults = {}) {
  const received: SunkMessage[] = [];
  /** messages whose DATA ended but which were answered with a fault instead of 250 */
  const refused: SunkMessage[] = [];
  let connections = 0;
  let dataEnded = 0;
  const sockets = new Set<net.Socket>();
  /** connections left without an answer by a "hang" */
  const hanging = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    const connection = ++connections;
    sockets.add(socket);
    socket.on("close", () => {
      sockets.delete(socket);
      hanging.delete(socket);
    });
    socket.on("error", () => socket.destroy());
    socket.setNoDelay(true);
    const act = (action: SinkAction, ok: string) => {
      if (action === "accept") socket.write(ok);
      else if (action === "close") socket.destroy();
      else if (action === "hang") hanging.add(socket);
      else socket.write(`${action}\r\n`);
      return action === "accept";
    };
    if (!act(faults.onConnect?.(connection) ?? "accept", "220 sink.test ESMTP\r\n")) return;
    let inData = false;
    let pending = "";
    let data = "";
    let from = "";
    let to: string[] = [];
    /** an afterData promise not settled yet: what arrives meanwhile waits in `pending` */
    let holding = false;
    const settle = (message: SunkMessage, action: SinkAction) => {
      if (action === "accept") received.push(message);
      else refused.push(message);
      return act(action, "250 2.0.0 Ok: queued\r\n");
    };
    socket.on("data", (chunk: Buffer) => {
      pending += chunk.toString("latin1");
      if (!holding) serve();
    });
    const serve = (): void => {
      for (;;) {
        if (inData) {
          const end = pending.indexOf("\r\n.\r\n");
          if (end === -1) {
            data += pending.slice(0, Math.max(0, pending.length - 4));
            pending = pending.slice(-4);
            return;
          }
          data += pending.slice(0, end);
          pending = pending.slice(end + 5);
          inData = false;
          const message = parseMessage(from, to, data);
          data = "";
          to = [];
          const index = dataEnded++;
          const action = faults.afterData?.(message, index) ?? "accept";
          if (typeof action !== "string") {
            holding = true;
            void action.then(
              (a) => {
                holding = false;
                if (!socket.destroyed && settle(message, a)) serve();
              },
              () => socket.destroy(),
            );
            return;
          }
          if (!settle(message, action)) return;
          continue;
        }
        const nl = pending.indexOf("\r\n");
        if (nl === -1) return;
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === "EHLO") socket.write("250-sink.test\r\n250-AUTH PLAIN LOGIN\r\n250 8BITMIME\r\n");
        else if (verb === "HELO") socket.write("250 sink.test\r\n");
        else if (verb === "AUTH") socket.write("235 2.7.0 Authentication successful\r\n");
        else if (verb === "MAIL") {
          from = addressIn(line);
          socket.write("250 2.1.0 Ok\r\n");
        } else if (verb === "RCPT") {
          to.push(addressIn(line));
          socket.write("250 2.1.5 Ok\r\n");
        } else if (verb === "DATA") {
          inData = true;
          // the terminator may follow the DATA line at once when a message is empty
          pending = `\r\n${pending}`;
          socket.write("354 End data with <CR><LF>.<CR><LF>\r\n");
        } else if (verb === "RSET") {
          to = [];
          socket.write("250 2.0.0 Ok\r\n");
        } else if (verb === "QUIT") {
          socket.end("221 2.0.0 Bye\r\n");
          return;
        } else socket.write("250 2.0.0 Ok\r\n");
      }
    };
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    received,
    refused,
    connections: () => connections,
    /** how many messages arrived per Message-ID (a duplicate send shows as a count above 1) */
    countsByMessageId: () => {
      const counts = new Map<string, number>();
      for (const m of received) counts.set(m.messageId ?? "", (counts.get(m.messageId ?? "") ?? 0) + 1);
      return counts;
    },
    /** drop every connection left hanging, as a server that died mid-conversation would */
    dropHanging: () => {
      for (const s of hanging) s.destroy();
      hanging.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

function addressIn(line: string) {
  const m = /<([^>]*)>/.exec(line);
  return (m?.[1] ?? line.replace(/^\S+\s+(FROM|TO):\s*/i, "")).toLowerCase();
}

function parseMessage(from: string, to: string[], data: string): SunkMessage {
  const body = data.startsWith("\r\n") ? data.slice(2) : data;
  const end = body.indexOf("\r\n\r\n");
  const headers = end === -1 ? body : body.slice(0, end);
  const id = /^message-id:\s*(<[^>\r\n]+>)/im.exec(headers);
  return { from, to, headers, messageId: id?.[1] ?? null, at: Date.now() };
}
