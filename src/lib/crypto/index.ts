export { DecryptError, decryptSecret, encryptSecret, generateKeySpec, needsRotation, parseKeyring } from "./secrets";
export type { Keyring } from "./secrets";
