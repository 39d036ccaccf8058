export { dkimSigningKey } from "./dkim-signing-key";
export type { Keyring } from "./secrets";
export {
  DecryptError,
  decryptSecret,
  encryptSecret,
  generateKeySpec,
  needsRotation,
  parseKeyring,
} from "./secrets";
