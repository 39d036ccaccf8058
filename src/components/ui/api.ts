/** A failed call to our REST API, carrying the `{ error: { code, message } }` it answered. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** field errors of a 400 (`{ "smtp.port": ["…"] }`), for forms to show beside their fields */
    readonly fields: Record<string, string[]> = {},
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
  const res = await fetch(path, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers: init.body === undefined ? undefined : { "content-type": "application/json" },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    credentials: "same-origin",
  });
  if (res.status === 204) return undefined as T;
  const json = (await res.json().catch(() => null)) as {
    error?: { code?: string; message?: string; fields?: Record<string, string[]> };
  } | null;
  if (!res.ok) {
    throw new ApiError(
      res.status,
      json?.error?.code ?? "internal",
      json?.error?.message ?? `request failed (${res.status})`,
      json?.error?.fields,
    );
  }
  return json as T;
}
