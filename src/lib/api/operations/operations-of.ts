import type { Operation } from "./types";

/** What an operation may add to its method, path and summary: body, query, response, status, role … */
type Details = Omit<Operation, "method" | "path" | "summary" | "tag">;

/**
 * The operations of one OpenAPI tag, one call each: `get(path, summary, { response })`. The tag is
 * said once, the method by the function's name; an operation lists only what it has.
 */
export function operationsOf(tag: string) {
  const method =
    (m: Operation["method"]) =>
    (path: string, summary: string, details: Details = {}): Operation => ({
      method: m,
      path,
      summary,
      tag,
      ...details,
    });
  return {
    get: method("get"),
    post: method("post"),
    patch: method("patch"),
    put: method("put"),
    del: method("delete"),
  };
}
