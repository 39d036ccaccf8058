// Transitional: scripts/bench.ts (being rewritten on another branch) still imports from here. Once
// it imports ./create-api-key, delete this file.
export { createApiKey } from "./create-api-key";
