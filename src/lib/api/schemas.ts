import { z } from "zod";

// Request and response shapes of the public API: routes parse with them and the OpenAPI
// document is generated from them, so the two cannot drift.

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      fields: z
        .record(z.string(), z.array(z.string()))
        .optional()
        .describe("what is wrong with each field, by its dotted path"),
      problems: z
        .array(
          z.object({
            message: z.string(),
            about: z.string().optional().describe("what the problem concerns, e.g. a domain name"),
          }),
        )
        .optional()
        .describe("every reason an action was refused (a launch, a checkout), to fix one by one"),
    }),
  })
  .meta({ id: "Error", description: "Every error response of the API has this shape." });

export const Workspace = z
  .object({ id: z.string(), name: z.string(), slug: z.string(), createdAt: z.string() })
  .meta({ id: "Workspace" });

export const gettingStartedSteps = ["mailbox", "domain", "leads", "campaign"] as const;

export const GettingStarted = z
  .object({
    steps: z.array(
      z.object({
        key: z.enum(gettingStartedSteps),
        done: z.boolean(),
        /** how many there are: mailboxes, verified domains, leads, launched campaigns */
        count: z.number(),
      }),
    ),
    complete: z.boolean().describe("every step done"),
  })
  .meta({ id: "GettingStarted" });
export type GettingStarted = z.infer<typeof GettingStarted>;

export const Me = z
  .object({
    workspace: Workspace,
    role: z.enum(["owner", "admin", "member"]),
    via: z.enum(["session", "api_key"]),
    user: z.object({ id: z.string(), email: z.string(), name: z.string() }).nullable(),
  })
  .meta({ id: "Me" });

export const UpdateWorkspace = z
  .strictObject({ name: z.string().trim().min(1).max(80) })
  .meta({ id: "UpdateWorkspace" });

export const ApiKey = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string(),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
    createdBy: z
      .object({
        id: z.string(),
        name: z.string(),
        email: z.string(),
        isMember: z.boolean().describe("false once they left the workspace (their keys stop working)"),
      })
      .nullable()
      .describe("who created the key: it acts with their current role, capped at admin"),
  })
  .meta({ id: "ApiKey" });

export const ApiKeyList = z.object({ data: z.array(ApiKey) }).meta({ id: "ApiKeyList" });

export const CreateApiKey = z
  .strictObject({ name: z.string().trim().min(1).max(80) })
  .meta({ id: "CreateApiKey" });
export const CreatedApiKey = z
  .object({ key: z.string().describe("the key itself: shown this once, store it now"), apiKey: ApiKey })
  .meta({ id: "CreatedApiKey" });

export const Health = z
  .object({
    status: z.enum(["ok", "degraded"]),
    database: z.object({ ok: z.boolean(), latencyMs: z.number().optional(), error: z.string().optional() }),
    queue: z.object({
      ok: z.boolean(),
      queues: z.array(z.object({ name: z.string(), queued: z.number(), active: z.number() })).optional(),
      error: z.string().optional(),
    }),
  })
  .meta({ id: "Health" });
