import type { z } from "zod";

export type ErrorCode =
  | "bad_request"
  | "validation"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "payload_too_large"
  | "rate_limited"
  | "unavailable"
  | "internal";

const statusByCode: Record<ErrorCode, number> = {
  bad_request: 400,
  validation: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

/** One of several reasons an action was refused, with what it concerns when that is one thing. */
export type Problem = {
  message: string;
  /** what the problem is about (a domain name in the cart, ...) */
  about?: string;
};

/**
 * What an error carries besides its code and message. `fields` and `problems` are part of the one
 * error shape every API response has (`{ error: { code, message, fields?, problems? } }`);
 * `reason` stays on the server.
 */
export type ErrorDetails = {
  /** what is wrong with each request field, by its dotted path: forms show it beside the field */
  fields?: Record<string, string[]>;
  /** every reason an action was refused at once, for people to fix one by one */
  problems?: Problem[];
  /** a machine-readable cause for callers inside the app (e.g. "unresolved"); never sent */
  reason?: string;
};

/** The one error type of the app: a code that maps to HTTP in one place, and a message for people. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetails,
  ) {
    super(message);
    this.name = "AppError";
  }

  get status(): number {
    return statusByCode[this.code];
  }
}

export const notFound = (what: string) => new AppError("not_found", `${what} not found`);

/**
 * A zod failure as the one validation error: every message under the dotted path of its field
 * (`where` when the value itself is wrong), and the field names in the message.
 */
export function invalidInput(error: z.ZodError, where: string): AppError {
  // no prototype: keys come from outside (field names, headers, record tags), "__proto__" included
  const fields: Record<string, string[]> = Object.create(null);
  for (const issue of error.issues) {
    // a field the schema does not know is named itself, not its parent object
    const names =
      issue.code === "unrecognized_keys"
        ? issue.keys.map((k) => [...issue.path, k].join("."))
        : [issue.path.join(".") || where];
    const message = issue.code === "unrecognized_keys" ? "unknown field" : issue.message;
    for (const key of names) (fields[key] ??= []).push(message);
  }
  return new AppError("validation", `invalid ${where}: ${Object.keys(fields).join(", ")}`, { fields });
}
