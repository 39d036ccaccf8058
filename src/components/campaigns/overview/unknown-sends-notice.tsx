import { Alert } from "@mantine/core";

/**
 * Emails whose send was interrupted (a crash, or the connection lost after the message was
 * written) with nothing to tell whether they arrived: said plainly, since they are in no other
 * total.
 */
export function UnknownSendsNotice({ count }: { count: number }) {
  if (!count) return null;
  const emails = count === 1 ? "1 email" : `${count.toLocaleString()} emails`;
  return (
    <Alert color="yellow" title={`${emails} may or may not have been delivered`} data-testid="unknown-sends">
      Sending {count === 1 ? "it" : "them"} was interrupted after the message may already have reached the
      mail server (a worker stopped, or the connection dropped before the server answered), and this
      mailbox&apos;s Sent folder could not tell. To be sure no one gets the same email twice,{" "}
      {count === 1 ? "it is" : "they are"} not sent again: each lead moved on to its next step as if it had
      been sent. {count === 1 ? "It is" : "They are"} not counted in Sent.
    </Alert>
  );
}
