import type { z } from "zod";
import { getAuth } from "@/lib/auth";
import { getDb } from "@/lib/db/client";
import type { WorkspaceRole } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { type Caller, requireRole, resolveCaller } from "@/lib/workspaces/caller";
import { MAX_JSON_BYTES, readJsonBody, readParams, readQuery } from "./read-request";

type RouteContext = { params: Promise<Record<string, string | string[]>> };

type Options<B extends z.ZodType | undefined, Q extends z.ZodType | undefined> = {
  body?: B;
  query?: Q;
  /** least role needed; defaults to any member */
  role?: WorkspaceRole;
  /** false for endpoints that need no caller (health, openapi) */
  auth?: boolean;
  /** the largest JSON body accepted (413 beyond); defaults to MAX_JSON_BYTES */
  maxBodyBytes?: number;
};

type Input<B, Q> = {
  req: Request;
  caller: Caller;
  params: Record<string, string>;
  body: B extends z.ZodType ? z.output<B> : undefined;
  query: Q extends z.ZodType ? z.output<Q> : undefined;
};

/**
 * The shape of every API route: parse (zod), resolve the caller to a workspace, call one lib
 * function, map the result. Errors become JSON `{ error: { code, message, fields? } }` with the
 * status of their code; anything unexpected is logged and answered 500 without a stack trace.
 * Input that cannot be right is refused here, once for every route: malformed path escapes, NUL
 * characters anywhere (PostgreSQL cannot store them), bodies over the size limit, unknown fields.
 */
export function apiRoute<
  B extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
>(options: Options<B, Q>, fn: (input: Input<B, Q>) => Promise<unknown>) {
  return async (req: Request, ctx?: RouteContext): Promise<Response> => {
    try {
      const params = await readParams(ctx);
      const rawQuery = readQuery(req.url);
      // who is calling comes first: a stranger or a role that may not learns nothing about the
      // shape the body should have, and no body is read for them
      const caller =
        options.auth === false
          ? (undefined as unknown as Caller)
          : await resolveCaller(getDb(), getAuth(), req.headers, req.method);
      if (options.role && caller) requireRole(caller, options.role);
      const query = options.query ? parseWith(options.query, rawQuery, "query") : undefined;
      const body = options.body
        ? parseWith(options.body, await readJsonBody(req, options.maxBodyBytes ?? MAX_JSON_BYTES), "body")
        : undefined;
      const result = await fn({ req, caller, params, body, query } as Input<B, Q>);
      if (result instanceof Response) return result;
      if (result === undefined) return new Response(null, { status: 204 });
      return Response.json(result, { status: req.method === "POST" ? 201 : 200 });
    } catch (err) {
      return errorResponse(err);
    }
  };
}

export function errorResponse(err: unknown): Response {
  if (err instanceof AppError) {
    // details are what the caller can act on: field errors, a launch's problems, a checkout's conflicts
    return Response.json(
      { error: { code: err.code, message: err.message, ...(err.details ?? {}) } },
      { status: err.status },
    );
  }
  logger.error({ err }, "unhandled API error");
  return Response.json({ error: { code: "internal", message: "internal error" } }, { status: 500 });
}

function parseWith<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  // no prototype: keys come from outside (field names, headers, record tags), "__proto__" included
  const fields: Record<string, string[]> = Object.create(null);
  for (const issue of result.error.issues) {
    // a field the schema does not know is named itself, not its parent object
    const names =
      issue.code === "unrecognized_keys"
        ? issue.keys.map((k) => [...issue.path, k].join("."))
        : [issue.path.join(".") || where];
    const message = issue.code === "unrecognized_keys" ? "unknown field" : issue.message;
    for (const key of names) (fields[key] ??= []).push(message);
  }
  throw new AppError("validation", `invalid ${where}: ${Object.keys(fields).join(", ")}`, { fields });
}
