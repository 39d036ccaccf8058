export * from "./api-keys";
export * from "./auth";
export * from "./campaigns";
export * from "./domains";
export * from "./leads";
export * from "./mailboxes";
export * from "./sending";
export * from "./workspaces";
