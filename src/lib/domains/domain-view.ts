import type { Domain } from "@/lib/db/schema";
import { trackingCnameTarget } from "@/lib/dns/records";
import type { RenewalView } from "./renewals/renewal-views";

/**
 * Sending domains as the campaign engine needs them: the tracking host links go through and the
 * DKIM key emails are signed with. (Buying domains and setting up their DNS build on this.)
 */
export const toDomainView = (d: Domain, renewal: RenewalView | null = null) => ({
  id: d.id,
  name: d.name,
  status: d.status,
  trackingHost: d.trackingHost,
  trackingCname: trackingCnameTarget(),
  dkim: d.dkimSelector && d.dkimPublicKey ? { selector: d.dkimSelector, publicKey: d.dkimPublicKey } : null,
  renewal,
  createdAt: d.createdAt.toISOString(),
});
