import { describe, expect, it } from "vitest";
import {
  HEALTH_WEIGHTS,
  type HealthFacts,
  NEW_DOMAIN_WARNING,
  scoreHealth,
  spfSyntaxErrors,
} from "../../src/lib/domains/health-score";

const now = new Date("2026-11-25T12:00:00Z");
const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000);
const KEY =
  "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0";

/** A domain with everything right; each test breaks one thing. */
function facts(over: Partial<HealthFacts> = {}): HealthFacts {
  return {
    domain: "outreach.test",
    settingUp: false,
    now,
    spf: {
      records: ["v=spf1 include:_spf.google.com ~all"],
      syntaxErrors: [],
      lookups: 4,
      senders: [{ label: "ann@outreach.test", authorized: true }],
    },
    dkim: { selector: "cf1", expectedKey: KEY, found: [`v=DKIM1; k=rsa; p=${KEY}`] },
    dmarc: { records: ["v=DMARC1; p=quarantine; rua=mailto:dmarc@outreach.test"] },
    mx: { hosts: [{ exchange: "aspmx.l.google.com", priority: 1 }], expected: ["aspmx.l.google.com"] },
    blacklists: [
      {
        zone: "dbl.spamhaus.org",
        kind: "spamhaus-dbl",
        state: "not_listed",
        codes: [],
        reasons: [],
        lists: [],
      },
    ],
    age: { createdAt: daysAgo(400) },
    tracking: { host: "track.outreach.test", target: "app.coldframe.test", found: ["app.coldframe.test."] },
    ...over,
  };
}
const itemOf = (f: HealthFacts, key: string) => scoreHealth(f).items.find((i) => i.key === key)!;

describe("health score", () => {
  it("weights add up to 100, and a fully set-up domain scores 100, healthy, every part passing", () => {
    expect(Object.values(HEALTH_WEIGHTS).reduce((a, b) => a + b, 0)).toBe(100);
    const r = scoreHealth(facts());
    expect(r.score).toBe(100);
    expect(r.state).toBe("healthy");
    expect(r.items.map((i) => [i.key, i.state, i.pointsLost])).toEqual([
      ["spf", "pass", 0],
      ["dkim", "pass", 0],
      ["dmarc", "pass", 0],
      ["mx", "pass", 0],
      ["blacklist", "pass", 0],
      ["age", "pass", 0],
      ["tracking", "pass", 0],
    ]);
  });

  it("every point lost has a reason, and the score is 100 minus the points lost", () => {
    const f = facts({
      spf: { records: [], senders: [] },
      dmarc: { records: ["v=DMARC1; p=none"] },
      age: { createdAt: daysAgo(3) },
    });
    const r = scoreHealth(f);
    const lost = r.items.filter((i) => i.pointsLost > 0);
    for (const i of lost) expect(i.reason, i.key).toBeTruthy();
    expect(r.score).toBe(100 - lost.reduce((n, i) => n + i.pointsLost, 0));
  });
});

describe("SPF", () => {
  it("missing loses all SPF points; pending while DNS setup runs", () => {
    const f = facts({ spf: { records: [], senders: [] } });
    expect(itemOf(f, "spf")).toMatchObject({ state: "fail", pointsLost: 25 });
    expect(itemOf(f, "spf").reason).toMatch(/no SPF record at outreach.test/);
    expect(scoreHealth(f)).toMatchObject({ score: 75, state: "warning" });
    expect(itemOf({ ...f, settingUp: true }, "spf")).toMatchObject({ state: "pending", pointsLost: 25 });
  });

  it("two records, bad syntax and more than 10 lookups are permanent errors", () => {
    const two = facts({ spf: { ...facts().spf, records: ["v=spf1 -all", "v=spf1 mx -all"] } });
    expect(itemOf(two, "spf")).toMatchObject({ state: "fail", pointsLost: 25 });
    expect(itemOf(two, "spf").reason).toMatch(/2 SPF records.*merge/);
    const bad = facts({ spf: { ...facts().spf, syntaxErrors: ['unknown term "inclde:x"'] } });
    expect(itemOf(bad, "spf").reason).toBe('invalid SPF record: unknown term "inclde:x"');
    const many = facts({ spf: { ...facts().spf, lookups: 12 } });
    expect(itemOf(many, "spf")).toMatchObject({ state: "fail", pointsLost: 25 });
    expect(itemOf(many, "spf").reason).toMatch(/12 DNS lookups; receivers stop at 10/);
    expect(itemOf(facts({ spf: { ...facts().spf, lookups: 10 } }), "spf").state).toBe("pass");
  });

  it("a mailbox whose server the record does not authorize fails SPF with its name", () => {
    const f = facts({
      spf: {
        ...facts().spf,
        senders: [
          { label: "ann@outreach.test", authorized: true },
          { label: "bob@outreach.test", authorized: false, detail: "smtp.mailer.test 192.0.2.9" },
        ],
      },
    });
    expect(itemOf(f, "spf")).toMatchObject({ state: "fail", pointsLost: 15 });
    expect(itemOf(f, "spf").reason).toMatch(
      /does not authorize bob@outreach.test \(smtp.mailer.test 192.0.2.9\)/,
    );
  });

  it("+all is called out; a DNS error reads unknown, not missing", () => {
    expect(itemOf(facts({ spf: { ...facts().spf, records: ["v=spf1 +all"] } }), "spf").reason).toMatch(
      /\+all/,
    );
    const err = facts({ spf: { records: [], senders: [], error: "ETIMEOUT" } });
    expect(itemOf(err, "spf")).toMatchObject({ state: "unknown" });
    expect(scoreHealth(err).state).toBe("unknown");
  });
});

describe("DKIM", () => {
  it("passes when the published key is ours, whatever the whitespace or PEM wrapping", () => {
    const pem = `-----BEGIN PUBLIC KEY-----\n${KEY.slice(0, 40)}\n${KEY.slice(40)}\n-----END PUBLIC KEY-----\n`;
    expect(itemOf(facts({ dkim: { ...facts().dkim, expectedKey: pem } }), "dkim").state).toBe("pass");
    const spaced = [`v=DKIM1; k=rsa; p=${KEY.slice(0, 20)} ${KEY.slice(20)}`];
    expect(itemOf(facts({ dkim: { ...facts().dkim, found: spaced } }), "dkim").state).toBe("pass");
    const noKey = facts({ dkim: { ...facts().dkim, found: ["v=DKIM1; k=rsa"] } });
    expect(itemOf(noKey, "dkim")).toMatchObject({
      state: "fail",
      reason: expect.stringMatching(/different key/),
    });
  });

  it("a missing record or another key fails with the record's name", () => {
    const gone = facts({ dkim: { ...facts().dkim, found: [] } });
    expect(itemOf(gone, "dkim")).toMatchObject({ state: "fail", pointsLost: 25 });
    expect(itemOf(gone, "dkim").reason).toBe("no DKIM record at cf1._domainkey.outreach.test");
    const other = facts({ dkim: { ...facts().dkim, found: ["v=DKIM1; k=rsa; p=MIIBother"] } });
    expect(itemOf(other, "dkim").reason).toMatch(/different key/);
    expect(scoreHealth(other)).toMatchObject({ score: 75, state: "warning" });
  });

  it("a revoked key (empty p=) is named as revoked", () => {
    const revoked = facts({ dkim: { ...facts().dkim, found: ["v=DKIM1; k=rsa; p="] } });
    expect(itemOf(revoked, "dkim")).toMatchObject({
      state: "fail",
      reason: expect.stringMatching(/revoked/),
    });
  });

  it("no key of ours yet loses the DKIM points", () => {
    expect(itemOf(facts({ dkim: { selector: null, expectedKey: null, found: [] } }), "dkim")).toMatchObject({
      state: "fail",
      pointsLost: 25,
    });
  });
});

describe("DMARC", () => {
  it("p=none with reports passes (the recommended start) with a small deduction suggesting quarantine once warmed up", () => {
    const f = facts({ dmarc: { records: ["v=DMARC1; p=none; rua=mailto:r@outreach.test"] } });
    expect(itemOf(f, "dmarc")).toMatchObject({ state: "pass", pointsLost: 5 });
    expect(itemOf(f, "dmarc").reason).toMatch(/quarantine once the domain is warmed up/);
    expect(scoreHealth(f)).toMatchObject({ score: 95, state: "healthy" });
    // without a report address the mark warns
    const noRua = facts({ dmarc: { records: ["v=DMARC1; p=none"] } });
    expect(itemOf(noRua, "dmarc")).toMatchObject({ state: "warn", pointsLost: 7 });
  });

  it("missing or invalid DMARC loses its points", () => {
    expect(itemOf(facts({ dmarc: { records: [] } }), "dmarc")).toMatchObject({
      state: "fail",
      pointsLost: 15,
    });
    expect(itemOf(facts({ dmarc: { records: ["v=DMARC1; p=maybe"] } }), "dmarc").reason).toMatch(
      /invalid DMARC/,
    );
    expect(itemOf(facts({ dmarc: { records: ["p=reject; v=DMARC1"] } }), "dmarc").reason).toMatch(
      /invalid DMARC/,
    );
  });
});

describe("MX, blocklists, age, tracking", () => {
  it("no MX loses 10; an expected MX not found loses 5", () => {
    expect(itemOf(facts({ mx: { hosts: [], expected: [] } }), "mx")).toMatchObject({
      state: "fail",
      pointsLost: 10,
    });
    const other = facts({
      mx: { hosts: [{ exchange: "mx.other.test.", priority: 10 }], expected: ["aspmx.l.google.com"] },
    });
    expect(itemOf(other, "mx")).toMatchObject({ state: "warn", pointsLost: 5 });
  });

  it("a listing costs the blocklist points and makes the domain critical; a refusal costs nothing", () => {
    const listed = facts({
      blacklists: [
        {
          zone: "dbl.spamhaus.org",
          kind: "spamhaus-dbl",
          state: "listed",
          codes: ["127.0.1.2"],
          reasons: ["spam domain"],
          lists: [],
        },
      ],
    });
    expect(itemOf(listed, "blacklist")).toMatchObject({ state: "fail", pointsLost: 15 });
    expect(itemOf(listed, "blacklist").reason).toBe("listed on dbl.spamhaus.org (spam domain)");
    expect(scoreHealth(listed)).toMatchObject({ score: 85, state: "critical" });

    const refused = facts({
      blacklists: [
        {
          zone: "dbl.spamhaus.org",
          kind: "spamhaus-dbl",
          state: "unknown",
          codes: ["127.255.255.254"],
          reasons: ["refused"],
          lists: [],
        },
      ],
    });
    expect(itemOf(refused, "blacklist")).toMatchObject({ state: "unknown", pointsLost: 0 });
    expect(scoreHealth(refused)).toMatchObject({ score: 100, state: "healthy" });
  });

  it("a domain under 30 days old gets the ramp-up warning", () => {
    const young = facts({ age: { createdAt: daysAgo(10) } });
    expect(itemOf(young, "age")).toMatchObject({ state: "warn", pointsLost: 5 });
    expect(itemOf(young, "age").reason).toContain(NEW_DOMAIN_WARNING);
    expect(itemOf(young, "age").reason).toContain("registered 10 days ago");
    expect(itemOf(facts({ age: { createdAt: daysAgo(30) } }), "age").state).toBe("pass");
    expect(itemOf(facts({ age: { createdAt: null, error: "rate limited" } }), "age")).toMatchObject({
      state: "unknown",
      pointsLost: 0,
    });
  });

  it("a tracking host must CNAME to the target", () => {
    const wrong = facts({
      tracking: { host: "track.outreach.test", target: "app.coldframe.test", found: ["elsewhere.test"] },
    });
    expect(itemOf(wrong, "tracking")).toMatchObject({ state: "fail", pointsLost: 5 });
    expect(itemOf(wrong, "tracking").reason).toMatch(
      /points at elsewhere.test instead of app.coldframe.test/,
    );
    expect(itemOf(facts({ tracking: { host: null, target: "x", found: [] } }), "tracking").state).toBe(
      "pass",
    );
  });

  it("many failures together make the domain critical", () => {
    const f = facts({
      spf: { records: [], senders: [] },
      dkim: { ...facts().dkim, found: [] },
      dmarc: { records: [] },
    });
    expect(scoreHealth(f)).toMatchObject({ score: 35, state: "critical" });
  });
});

describe("SPF syntax", () => {
  it("accepts the mechanisms and modifiers of RFC 7208", () => {
    expect(
      spfSyntaxErrors(
        "v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 a mx:mail.example.test/24 include:_spf.google.com exists:%{i}.x.test ptr -all",
      ),
    ).toEqual([]);
    expect(spfSyntaxErrors("v=spf1 redirect=_spf.example.test")).toEqual([]);
    expect(spfSyntaxErrors("v=spf1 ~all exp=explain.example.test")).toEqual([]);
  });

  it("names unknown terms and bad addresses", () => {
    expect(spfSyntaxErrors("v=spf1 inclde:_spf.google.com ~all")).toEqual([
      'unknown term "inclde:_spf.google.com"',
    ]);
    expect(spfSyntaxErrors("v=spf1 ip4:300.1.1.1 ip4:10.0.0.0/40 ~all")).toEqual([
      '"ip4:300.1.1.1" is not a valid IPv4 address or range',
      '"ip4:10.0.0.0/40" is not a valid IPv4 address or range',
    ]);
  });
});
