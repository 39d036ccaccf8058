import * as S from "../schemas";
import { operationsOf } from "./operations-of";
import type { Operation } from "./types";

const workspace = operationsOf("Workspace");
const apiKeys = operationsOf("API keys");
const system = operationsOf("System");

export const foundationOperations: Operation[] = [
  workspace.get("/api/v1/me", "The workspace of the caller", { response: S.Me }),
  workspace.get("/api/v1/workspace", "Get the workspace", { response: S.Workspace }),
  workspace.get(
    "/api/v1/workspace/getting-started",
    "The first steps (a mailbox, a verified domain, leads, a launched campaign) and which are done",
    { response: S.GettingStarted },
  ),
  workspace.patch("/api/v1/workspace", "Rename the workspace (admin)", {
    body: S.UpdateWorkspace,
    response: S.Workspace,
    role: "admin",
  }),
  apiKeys.get("/api/v1/api-keys", "List API keys", { response: S.ApiKeyList }),
  apiKeys.post("/api/v1/api-keys", "Create an API key (admin); the key is returned once", {
    body: S.CreateApiKey,
    response: S.CreatedApiKey,
    status: 201,
    role: "admin",
  }),
  apiKeys.get("/api/v1/api-keys/{id}", "Get an API key", { response: S.ApiKey }),
  apiKeys.del("/api/v1/api-keys/{id}", "Revoke an API key (admin)", { response: S.ApiKey, role: "admin" }),
  system.get("/api/health", "Database and queue state", { response: S.Health, public: true }),
];
