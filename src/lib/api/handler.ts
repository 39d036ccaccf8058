import type { z } from "zod";
import { getAuth } from "@/lib/auth";
import { getDb } from "@/lib/db/client";
import type { WorkspaceRole } from "@/lib/db/schema";
import { AppError, invalidInput } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { type Caller, requireRole, resolveCaller } from "@/lib/workspaces/caller";
import { MAX_JSON_BYTES, readJsonBody, readParams, readQuery } from "./read-request";

type RouteContext = { params: Promise<Record<string, string | string[]>> };

/** The success statuses an operation may declare (its OpenAPI operation declares the same one). */
export type SuccessStatus = 200 | 201 | 202 | 204;

type Options<B extends z.ZodType | undefined, Q extends z.ZodType | undefined, A extends boolean> = {
  body?: B;
  query?: Q;
  /** least role needed; defaults to any member */
  role?: WorkspaceRole;
  /** false for endpoints that need no caller (health, openapi): `caller` is then undefined */
  auth?: A;
  /** the largest JSON body accepted (413 beyond); defaults to MAX_JSON_BYTES */
  maxBodyBytes?: number;
  /**
   * The status of a success, the same as the OpenAPI operation's (a unit test holds them equal):
   * 200 unless the operation says otherwise, 201 for one that creates, 204 sends no body.
   */
  status?: SuccessStatus;
};

type Input<B, Q, A extends boolean> = {
  req: Request;
  caller: false extends A ? undefined : Caller;
  params: Record<string, string>;
  body: B extends z.ZodType ? z.output<B> : undefined;
  query: Q extends z.ZodType ? z.output<Q> : undefined;
};

/** A route handler, carrying the status it answers a success with (read by the status test). */
export type ApiRouteHandler = ((req: Request, ctx?: RouteContext) => Promise<Response>) & {
  status: SuccessStatus;
};

/**
 * The shape of every API route: parse (zod), resolve the caller to a workspace, call one lib
 * function, map the result. A result is answered with the declared `status` (204 and undefined:
 * no body). Errors become the one error shape `{ error: { code, message, fields?, problems? } }`
 * with the status of their code; anything unexpected is logged and answered 500 without a stack
 * trace. Input that cannot be right is refused here, once for every route: malformed path
 * escapes, NUL characters anywhere (PostgreSQL cannot store them), bodies over the size limit,
 * unknown fields.
 */
export function apiRoute<
  B extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  A extends boolean = true,
>(options: Options<B, Q, A>, fn: (input: Input<B, Q, A>) => Promise<unknown>): ApiRouteHandler {
  const status = options.status ?? 200;
  const handler = async (req: Request, ctx?: RouteContext): Promise<Response> => {
    try {
      const params = await readParams(ctx);
      const rawQuery = readQuery(req.url);
      // who is calling comes first: a stranger or a role that may not learns nothing about the
      // shape the body should have, and no body is read for them
      const caller =
        options.auth === false ? undefined : await resolveCaller(getDb(), getAuth(), req.headers, req.method);
      if (options.role && caller) requireRole(caller, options.role);
      const query = options.query ? parseWith(options.query, rawQuery, "query") : undefined;
      const body = options.body
        ? parseWith(options.body, await readJsonBody(req, options.maxBodyBytes ?? MAX_JSON_BYTES), "body")
        : undefined;
      const result = await fn({ req, caller, params, body, query } as Input<B, Q, A>);
      if (result instanceof Response) return result;
      if (status === 204 || result === undefined) return new Response(null, { status: 204 });
      return Response.json(result, { status });
    } catch (err) {
      return errorResponse(err);
    }
  };
  return Object.assign(handler, { status });
}

export function errorResponse(err: unknown): Response {
  if (err instanceof AppError) {
    // the one error shape (ErrorBody in ./schemas); `reason` is for the server only
    const { fields, problems } = err.details ?? {};
    return Response.json(
      {
        error: {
          code: err.code,
          message: err.message,
          ...(fields ? { fields } : {}),
          ...(problems?.length ? { problems } : {}),
        },
      },
      { status: err.status },
    );
  }
  logger.error({ err }, "unhandled API error");
  return Response.json({ error: { code: "internal", message: "internal error" } }, { status: 500 });
}

function parseWith<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw invalidInput(result.error, where);
}
