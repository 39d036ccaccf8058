/**
 * One interface for every DNS provider Coldframe writes zones to (Cloudflare, PowerDNS, ...).
 * Adding a provider is one file in this folder implementing DnsProvider, plus its line in
 * ./index.ts. Names are fully qualified without a trailing dot; TXT content is the unquoted value
 * (a provider that needs quoting or 255-byte splitting does it itself).
 */

export type DnsRecordType = "A" | "AAAA" | "CNAME" | "MX" | "TXT" | "NS";

export type DnsRecord = {
  /** provider's id for the record, when it has one */
  id?: string;
  name: string;
  type: DnsRecordType;
  content: string;
  ttl: number;
  /** MX only */
  priority?: number;
};

export type DnsZone = {
  id: string;
  name: string;
  /** the nameservers that serve the zone: set them at the registrar */
  nameservers: string[];
};

export interface DnsProvider {
  readonly id: string;
  /** find or create the zone for the domain; idempotent */
  ensureZone(domain: string): Promise<DnsZone>;
  listRecords(zone: DnsZone, filter?: { name?: string; type?: DnsRecordType }): Promise<DnsRecord[]>;
  /**
   * Make exactly `records` the records of (name, type): creates missing ones, updates or removes the
   * rest of that set. Idempotent: run twice, the zone is the same.
   */
  upsertRecordSet(zone: DnsZone, name: string, type: DnsRecordType, records: DnsRecord[]): Promise<void>;
  deleteRecordSet(zone: DnsZone, name: string, type: DnsRecordType): Promise<void>;
  /** cheap authenticated call for "test connection" */
  verifyCredentials(): Promise<void>;
}

export class DnsProviderError extends Error {
  constructor(
    message: string,
    readonly options: { retryable?: boolean; status?: number } = {},
  ) {
    super(message);
    this.name = "DnsProviderError";
  }
}
