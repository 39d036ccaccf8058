import { z } from "zod";
import { campaignOperations } from "./operations/campaigns";
import { domainDnsOperations } from "./operations/domain-dns";
import { domainHealthOperations } from "./operations/domain-health";
import { domainShopOperations } from "./operations/domain-shop";
import { domainOperations } from "./operations/domains";
import { foundationOperations } from "./operations/foundation";
import { inboxOperations } from "./operations/inbox";
import { leadsOperations } from "./operations/leads";
import { mailboxOperations } from "./operations/mailboxes";
import { notificationOperations } from "./operations/notifications";
import { providerAccountOperations } from "./operations/provider-accounts";
import type { Operation } from "./operations/types";
import { webhookOperations } from "./operations/webhooks";

/** Every public endpoint, by area; a route added without its line in ./operations is undocumented. */
export const operations: Operation[] = [
  ...foundationOperations,
  ...campaignOperations,
  ...domainOperations,
  ...domainDnsOperations,
  ...domainHealthOperations,
  ...domainShopOperations,
  ...inboxOperations,
  ...leadsOperations,
  ...mailboxOperations,
  ...webhookOperations,
  ...notificationOperations,
  ...providerAccountOperations,
];

export function buildOpenApiDocument(serverUrl: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    const params: { name?: string; in: string; required: boolean; schema: unknown }[] = [
      ...op.path.matchAll(/\{(\w+)\}/g),
    ].map((m) => ({
      name: m[1],
      in: "path",
      required: true,
      schema: { type: "string" },
    }));
    params.push(...queryParameters(op.query));
    for (const h of op.headers ?? [])
      params.push({
        name: h.name,
        in: "header",
        required: false,
        schema: { type: "string", description: h.description },
      });
    (paths[op.path] ??= {})[op.method] = {
      summary: op.summary,
      ...(op.role ? { description: `Needs the ${op.role} role.`, "x-required-role": op.role } : {}),
      tags: [op.tag],
      ...(params.length ? { parameters: params } : {}),
      ...(op.public ? { security: [] } : {}),
      ...(op.body
        ? {
            requestBody: {
              required: true,
              content: { [op.bodyContentType ?? "application/json"]: { schema: ref(op.body) } },
            },
          }
        : {}),
      responses: {
        [String(op.status ?? 200)]: {
          description: "OK",
          ...(op.response ? { content: { "application/json": { schema: ref(op.response) } } } : {}),
        },
        ...(op.public
          ? {}
          : {
              "400": errorResponse("Invalid JSON, unknown or invalid fields, NUL characters, malformed path"),
              "401": errorResponse("No or invalid credentials"),
              ...(op.role || op.method !== "get"
                ? {
                    "403": errorResponse(
                      op.role
                        ? `The caller's role is below ${op.role}, or a cookie-authenticated change came from another site`
                        : "A cookie-authenticated change came from another site",
                    ),
                  }
                : {}),
              "404": errorResponse("Not found (also for another workspace's rows)"),
            }),
        ...(op.body
          ? {
              "413": errorResponse(
                op.bodyContentType
                  ? "The file is larger than the upload limit"
                  : "The body is larger than its limit (1 MiB; 16 MiB for campaigns)",
              ),
            }
          : {}),
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

/** A zod object of query parameters, one OpenAPI parameter per key. */
function queryParameters(query: z.ZodType | undefined) {
  if (!query) return [];
  const json = z.toJSONSchema(query, { io: "input", unrepresentable: "any" }) as {
    properties?: Record<string, { description?: string }>;
    required?: string[];
  };
  return Object.entries(json.properties ?? {}).map(([name, schema]) => ({
    name,
    in: "query",
    required: json.required?.includes(name) ?? false,
    schema,
  }));
}

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
