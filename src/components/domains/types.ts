export type HealthState = "healthy" | "warning" | "critical" | "unknown";
export type Mark = "pass" | "fail" | "pending" | "unknown";
export type MarkKey = "spf" | "dkim" | "dmarc" | "mx";

export type DomainAge = {
  createdAt: string | null;
  days: number | null;
  isNew: boolean;
  warning: string | null;
};

/** Renewal billing of a domain bought here (GET /api/v1/domains/{id} and the overview). */
export type DomainRenewal = {
  status: "auto" | "lapsing" | "expired";
  nextRenewalAt: string | null;
  chargeAt: string | null;
  priceCents: number | null;
  currency: string | null;
  lastCharge: {
    status: "charging" | "charged" | "failed" | "refunded";
    periodExpiresAt: string;
    amountCents: number;
    currency: string;
    attempts: number;
    error: string | null;
    nextAttemptAt: string | null;
    at: string;
  } | null;
  warning: string | null;
};

/** A row of GET /api/v1/domains/overview. */
export type DomainOverview = {
  id: string;
  name: string;
  status: string;
  statusReason: string | null;
  source: string;
  dnsMode: string | null;
  trackingHost: string | null;
  trackingCname: string;
  health: { score: number; state: HealthState; checkedAt: string } | null;
  age: DomainAge;
  marks: Record<MarkKey, Mark>;
  renewal: DomainRenewal | null;
  createdAt: string;
};
export type DomainOverviewList = { data: DomainOverview[]; platformDnsProvider: string | null };

export type HealthItem = {
  key: string;
  label: string;
  state: "pass" | "fail" | "warn" | "pending" | "unknown";
  pointsLost: number;
  reason?: string;
  details?: Record<string, unknown>;
};
export type HealthCheck = {
  id: string;
  score: number;
  state: HealthState;
  items: HealthItem[];
  changed: boolean;
  checkedAt: string;
};
export type DomainHealth = {
  domainId: string;
  latest: HealthCheck | null;
  age: DomainAge;
  history: { checkedAt: string; score: number; state: HealthState }[];
};

export type RecordCheck = {
  server: string;
  state: "propagated" | "missing" | "mismatch" | "error";
  found: string[];
  error?: string;
};
export type DnsRecord = {
  id: string;
  purpose: string;
  name: string;
  type: string;
  content: string;
  ttl: number;
  priority: number | null;
  state: "pending" | "propagated" | "missing" | "mismatch";
  checks: RecordCheck[];
  checkedAt: string | null;
};
export type DnsProgress = {
  steps: { key: string; label: string; state: "pending" | "running" | "done" | "failed"; detail?: string }[];
  startedAt?: string;
  finishedAt?: string;
  error?: string;
};
/** GET /api/v1/domains/{id}/dns */
export type DomainDns = {
  mode: string | null;
  provider: string | null;
  nameservers: string[] | null;
  progress: DnsProgress | null;
  records: DnsRecord[];
};

/** GET /api/v1/domains/{id} */
export type SendingDomain = {
  id: string;
  name: string;
  status: string;
  statusReason?: string | null;
  trackingHost: string | null;
  trackingCname: string;
  dkim: { selector: string; publicKey: string } | null;
  renewal: DomainRenewal | null;
  createdAt: string;
};
