import type { MailboxTransport } from "@/lib/mailboxes/create-mailbox-transport";

/** The sendMail option naming the callback told when the whole message has been written out. */
export const ON_STREAMED = "onStreamed";

const tracking = new WeakSet<object>();

/**
 * Tell a send whether its whole message was written to the server. nodemailer streams the message
 * only once MAIL FROM, RCPT TO and DATA were accepted, and the terminating dot follows the last
 * byte: until the message stream has ended, the server cannot have accepted the email; after it,
 * a connection lost before the reply leaves it unknowable (the server may have said 250 to a
 * socket that was already gone). nodemailer's errors do not say which (a dropped connection is
 * `command: "CONN"` at every stage), so the sender asks the stream itself: a `stream` plugin wraps
 * each message's read stream and calls the send's `onStreamed` option when it ends — after DKIM
 * signing, which reads the whole message before writing any of it.
 *
 * Registered once per transport (the pool keeps one per mailbox).
 */
export function trackStreamed(transport: MailboxTransport): void {
  if (tracking.has(transport)) return;
  tracking.add(transport);
  transport.use("stream", (mail, done) => {
    const onStreamed = (mail.data as Record<string, unknown>)[ON_STREAMED];
    const message = mail.message;
    if (typeof onStreamed === "function" && message) {
      const create = message.createReadStream.bind(message);
      message.createReadStream = (...args: Parameters<typeof create>) => {
        const stream = create(...args);
        stream.once("end", () => onStreamed());
        return stream;
      };
    }
    done();
  });
}
