import type { Problem } from "@/lib/errors";
import type { RegistrarId } from "@/lib/registrars/types";
import { displayName } from "./names";

const registrarNames: Record<RegistrarId, string> = {
  cloudflare: "Cloudflare",
  namecom: "Name.com",
  rdap: "RDAP",
};

/**
 * A registrar account that would hold more domains than it may (Cloudflare: 100) once the cart's
 * lines bought through it are registered (with the purchases already on their way there); null
 * when they fit. Said in the cart, before checkout refuses it (assertRegistrarsCanTake).
 */
export function accountCapProblem(opts: {
  registrar: RegistrarId;
  /** the workspace's own account (true) or the platform's (false) */
  workspaceAccount: boolean;
  held: number;
  /** bought and paid for, not yet in the account: they take room too */
  inFlight: number;
  max: number;
  names: string[];
}): Problem | null {
  const { held, inFlight, max, names } = opts;
  if (held + inFlight + names.length <= max) return null;
  const room = Math.max(0, max - held - inFlight);
  const account = `${opts.workspaceAccount ? "Your" : "The platform's"} ${registrarNames[opts.registrar]} account`;
  const remove = names.length - room;
  return {
    about: opts.registrar,
    message:
      `${account} holds ${held} of at most ${max} domains${inFlight ? ` (${inFlight} more being registered)` : ""}: ` +
      `${room === 0 ? "no more fit" : `only ${room} more fit`}, ` +
      `and ${names.length === 1 ? "1 domain in your cart is" : `${names.length} domains in your cart are`} bought through it (${names.map(displayName).join(", ")}). ` +
      `Remove ${remove} ${remove === 1 ? "domain" : "domains"} before checking out.`,
  };
}
