/**
 * Whether an error means the database connection failed rather than the work being wrong:
 * "database" when it can only have come from PostgreSQL or its driver (SQLSTATE class 08,
 * 57P01–57P03 shutdown and start-up, the driver's "Connection terminated"), "network" for a socket
 * error that a database or any other server could have caused (a probe decides; a Unix socket's
 * missing file included), undefined
 * otherwise. Drizzle wraps driver errors, so the cause chain is read too.
 */
export function connectionErrorKind(err: unknown): "database" | "network" | undefined {
  for (let e = err, depth = 0; e && typeof e === "object" && depth < 5; depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === "string" && (/^08/.test(code) || /^57P0[123]$/.test(code))) return "database";
    if (typeof message === "string" && DRIVER_MESSAGES.test(message)) return "database";
    if (typeof code === "string" && NETWORK_CODES.has(code)) return "network";
    // a Unix socket whose server is down (the embedded database's): the socket file is gone
    if (code === "ENOENT" && (e as { syscall?: unknown }).syscall === "connect") return "network";
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

const DRIVER_MESSAGES =
  /^(Connection terminated|Client has encountered a connection error and is not queryable)/;
const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
]);
