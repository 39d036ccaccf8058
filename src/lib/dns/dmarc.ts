/**
 * DMARC (RFC 7489; the record at `_dmarc.<domain>`). New sending domains start at `p=none` with
 * aggregate reports, so problems show in reports before mail is rejected; stricter policies are a
 * setting. DMARCbis drops pct/rf/ri, so they are not written.
 */
export type DmarcPolicy = "none" | "quarantine" | "reject";
export type DmarcSettings = { policy: DmarcPolicy; rua?: string };

export const dmarcRecordName = (domain: string) => `_dmarc.${domain}`;

/** Where aggregate reports go when the settings name no address. */
export const defaultDmarcRua = (domain: string) => `dmarc@${domain}`;

export function buildDmarc(domain: string, settings: Partial<DmarcSettings> = {}): string {
  const policy = settings.policy ?? "none";
  const rua = (settings.rua ?? defaultDmarcRua(domain)).replace(/^mailto:/i, "");
  return `v=DMARC1; p=${policy}; rua=mailto:${rua}; adkim=r; aspf=r`;
}

export type ParsedDmarc = {
  policy: DmarcPolicy | null;
  subdomainPolicy: DmarcPolicy | null;
  rua: string[];
  adkim: "r" | "s";
  aspf: "r" | "s";
  tags: Record<string, string>;
};

const POLICIES = new Set(["none", "quarantine", "reject"]);

/** null when the text is not a DMARC record: it must start with v=DMARC1, in capitals (RFC 7489 6.4). */
export function parseDmarc(txt: string): ParsedDmarc | null {
  const t = txt.trim();
  if (!/^[vV]\s*=\s*DMARC1\s*(;|$)/.test(t)) return null;
  const tags: Record<string, string> = {};
  for (const part of t.split(";")) {
    const i = part.indexOf("=");
    if (i < 0) continue;
    tags[part.slice(0, i).trim().toLowerCase()] = part.slice(i + 1).trim();
  }
  const pol = (v: string | undefined) =>
    v && POLICIES.has(v.toLowerCase()) ? (v.toLowerCase() as DmarcPolicy) : null;
  return {
    policy: pol(tags.p),
    subdomainPolicy: pol(tags.sp),
    rua: (tags.rua ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
    adkim: tags.adkim?.toLowerCase() === "s" ? "s" : "r",
    aspf: tags.aspf?.toLowerCase() === "s" ? "s" : "r",
    tags,
  };
}
