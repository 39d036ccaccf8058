export type { Keyring } from "./secrets";
export {
  DecryptError,
  decryptSecret,
  encryptSecret,
  generateKeySpec,
  needsRotation,
  parseKeyring,
} from "./secrets";
