import type { AddressInfo } from "node:net";
import { SMTPServer, type SMTPServerAuthentication } from "smtp-server";

export type Captured = { from: string; to: string[]; raw: string; at: number };

/**
 * A real SMTP server on loopback (nodemailer's smtp-server) that keeps what it receives.
 * Recipients decide its answers, like a real server would: `hard-*@…` → 550 5.1.1 at RCPT,
 * `soft-*@…` → 451 4.2.0 while `soft` is true, `full-*@…` → 552 5.2.2 (a permanent code for a
 * temporary state) while `soft` is true. AUTH accepts any password but "wrong".
 */
export async function startSmtpCapture() {
  const messages: Captured[] = [];
  const state = { soft: true, authFailures: 0 };
  const server = new SMTPServer({
    authOptional: false,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onAuth(auth: SMTPServerAuthentication, _session, cb) {
      if (auth.password === "wrong") {
        state.authFailures++;
        return cb(
          Object.assign(new Error("5.7.8 Authentication credentials invalid"), { responseCode: 535 }),
        );
      }
      cb(null, { user: auth.username });
    },
    onRcptTo(address, _session, cb) {
      if (address.address.startsWith("hard-")) {
        return cb(
          Object.assign(new Error(`5.1.1 <${address.address}>: Recipient address rejected: User unknown`), {
            responseCode: 550,
          }),
        );
      }
      if (address.address.startsWith("full-") && state.soft) {
        return cb(
          Object.assign(new Error(`5.2.2 <${address.address}>: Mailbox full, quota exceeded`), {
            responseCode: 552,
          }),
        );
      }
      if (address.address.startsWith("soft-") && state.soft) {
        return cb(Object.assign(new Error("4.2.0 Mailbox busy, try again later"), { responseCode: 451 }));
      }
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString("utf8"),
          at: Date.now(),
        });
        cb();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    messages,
    state,
    to: (address: string) => messages.filter((m) => m.to.includes(address)),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** The value of a header in a raw message (unfolded), or undefined. */
export function header(raw: string, name: string): string | undefined {
  const head = raw.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, " ");
  const line = head.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line?.slice(name.length + 1).trim();
}
