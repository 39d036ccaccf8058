import { AppError } from "@/lib/errors";

export type OutboundUrlOptions = {
  /** what the URL is, for messages: "webhook URL", "PowerDNS API URL" */
  what?: string;
  /** the request field the error belongs to (AppError details.fields) */
  field?: string;
  /** refuse a query or fragment too: for base URLs the app appends paths to */
  baseOnly?: boolean;
};

/**
 * A user-supplied URL the app will call: absolute http or https, and no `user:password@` (it
 * would be shown to everyone who can see the URL, and sent to the host in clear). With
 * `baseOnly`, no `?` or `#` either: after a base URL the app appends its own path, which a
 * trailing `?` or `#` would turn into a query or fragment.
 */
export function parseOutboundUrl(raw: string, opts: OutboundUrlOptions = {}): URL {
  const what = opts.what ?? "URL";
  const fail = (why: string) => {
    const message = `${what} ${why}`;
    return new AppError(
      "validation",
      message,
      opts.field ? { fields: { [opts.field]: [message] } } : undefined,
    );
  };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw fail("is not a valid URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw fail("must use http or https");
  if (url.username || url.password)
    throw fail(
      "must not contain a user name or password (user:password@): use the API key or secret instead",
    );
  if (opts.baseOnly && /[?#]/.test(raw)) throw fail("must not contain a query (?) or fragment (#)");
  return url;
}
