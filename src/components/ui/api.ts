import type { Problem } from "@/lib/errors";

export type { Problem };

/** The one error shape of our REST API: `{ error: { code, message, fields?, problems? } }`. */
type ErrorBody = {
  error?: { code?: string; message?: string; fields?: Record<string, string[]>; problems?: Problem[] };
};

/** A failed call to our REST API, carrying every part of the error it answered. */
export class ApiError extends Error {
  constructor(
    /** the HTTP status; 0 when the server could not be reached */
    readonly status: number,
    readonly code: string,
    message: string,
    /** field errors of a 400 (`{ "smtp.port": ["…"] }`), for forms to show beside their fields */
    readonly fields: Record<string, string[]> = {},
    /** every reason an action was refused (a launch, a checkout), to show one by one */
    readonly problems: Problem[] = [],
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/**
 * Call /api/v1 from the browser with the session cookie. Resolves to the JSON body (undefined for
 * 204) and rejects with an ApiError whose message is the API's own, ready to show to people.
 */
export async function api<T = unknown>(
  path: string,
  init: { method?: string; body?: unknown } = {},
): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: init.method ?? (init.body === undefined ? "GET" : "POST"),
      headers: init.body === undefined ? undefined : { "content-type": "application/json" },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      credentials: "same-origin",
    });
  } catch {
    throw new ApiError(0, "network", "Could not reach the server: check your connection and try again");
  }
  if (res.status === 204) return undefined as T;
  const json: unknown = await res.json().catch(() => null);
  if (!res.ok) throw apiErrorOf(res.status, json);
  return json as T;
}

/** The ApiError of a failed answer, keeping every part of the one error shape it carries. */
export function apiErrorOf(status: number, json: unknown): ApiError {
  const error = (json as ErrorBody | null)?.error;
  return new ApiError(
    status,
    error?.code ?? "internal",
    error?.message ?? `request failed (${status})`,
    error?.fields,
    error?.problems,
  );
}
