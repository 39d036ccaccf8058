export * from "./api-keys";
export * from "./auth";
export * from "./workspaces";
