import { z } from "zod";
import * as S from "./schemas";

type Operation = {
  method: "get" | "post" | "patch" | "put" | "delete";
  path: string;
  summary: string;
  tag: string;
  body?: z.ZodType;
  response?: z.ZodType;
  status?: number;
  public?: boolean;
};

/** Every public endpoint; a route added without a line here is missing from the document. */
export const operations: Operation[] = [
  {
    method: "get",
    path: "/api/v1/me",
    summary: "The workspace of the caller",
    tag: "Workspace",
    response: S.Me,
  },
  {
    method: "get",
    path: "/api/v1/workspace",
    summary: "Get the workspace",
    tag: "Workspace",
    response: S.Workspace,
  },
  {
    method: "patch",
    path: "/api/v1/workspace",
    summary: "Rename the workspace (admin)",
    tag: "Workspace",
    body: S.UpdateWorkspace,
    response: S.Workspace,
  },
  {
    method: "get",
    path: "/api/v1/api-keys",
    summary: "List API keys",
    tag: "API keys",
    response: S.ApiKeyList,
  },
  {
    method: "post",
    path: "/api/v1/api-keys",
    summary: "Create an API key (admin); the key is returned once",
    tag: "API keys",
    body: S.CreateApiKey,
    response: S.CreatedApiKey,
    status: 201,
  },
  {
    method: "get",
    path: "/api/v1/api-keys/{id}",
    summary: "Get an API key",
    tag: "API keys",
    response: S.ApiKey,
  },
  {
    method: "delete",
    path: "/api/v1/api-keys/{id}",
    summary: "Revoke an API key (admin)",
    tag: "API keys",
    response: S.ApiKey,
  },
  {
    method: "get",
    path: "/api/health",
    summary: "Database and queue state",
    tag: "System",
    response: S.Health,
    public: true,
  },
];

export function buildOpenApiDocument(serverUrl: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    const params = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
      name: m[1],
      in: "path",
      required: true,
      schema: { type: "string" },
    }));
    (paths[op.path] ??= {})[op.method] = {
      summary: op.summary,
      tags: [op.tag],
      ...(params.length ? { parameters: params } : {}),
      ...(op.public ? { security: [] } : {}),
      ...(op.body
        ? { requestBody: { required: true, content: { "application/json": { schema: ref(op.body) } } } }
        : {}),
      responses: {
        [String(op.status ?? 200)]: {
          description: "OK",
          ...(op.response ? { content: { "application/json": { schema: ref(op.response) } } } : {}),
        },
        ...(op.public
          ? {}
          : {
              "400": errorResponse("Invalid JSON or fields"),
              "401": errorResponse("No or invalid credentials"),
              "404": errorResponse("Not found (also for another workspace's rows)"),
            }),
      },
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Coldframe API",
      version: "1.0.0",
      description: "Authenticate with `Authorization: Bearer <API key>` (Settings → API keys).",
    },
    servers: [{ url: serverUrl }],
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer" } },
      schemas: componentSchemas(),
    },
  };
}

const errorResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
});

/** Every schema in the document is registered with an id (`.meta({ id })`) and referenced. */
function ref(schema: z.ZodType): unknown {
  const id = z.globalRegistry.get(schema)?.id;
  if (!id) throw new Error("OpenAPI: give this schema an id with .meta({ id })");
  return { $ref: `#/components/schemas/${id}` };
}

function componentSchemas() {
  const { schemas } = z.toJSONSchema(z.globalRegistry, {
    io: "output",
    uri: (id) => `#/components/schemas/${id}`,
  });
  return Object.fromEntries(
    Object.entries(schemas).map(([id, { $schema: _s, $id: _i, ...json }]) => [id, json]),
  );
}
