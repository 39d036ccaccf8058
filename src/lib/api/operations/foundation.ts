import * as S from "../schemas";
import type { Operation } from "./types";

export const foundationOperations: Operation[] = [
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
    role: "admin",
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
    role: "admin",
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
    role: "admin",
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
