import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DnsQueryError, dnsResolver, mailauthResolver } from "@/lib/dns/resolver";
import { type DnsServer, startDnsServer } from "./helpers/dns-server";

// The test PowerDNS and the resolver every DNS test reads it through.
describe("test DNS server + dnsResolver", () => {
  let dns: DnsServer;
  beforeAll(async () => {
    dns = await startDnsServer();
    await dns.createZone("resolver.test");
  });
  afterAll(() => dns?.close());

  test("records written through the API are answered at once; long TXT comes back joined", async () => {
    const long = `v=DKIM1; k=rsa; p=${"A".repeat(392)}`;
    await dns.setRecord("resolver.test", "TXT", ["v=spf1 -all"]);
    await dns.setRecord("sel._domainkey.resolver.test", "TXT", [long]);
    await dns.setRecord("resolver.test", "MX", ["10 mx.resolver.test"]);
    await dns.setRecord("track.resolver.test", "CNAME", ["app.example.net"]);
    await dns.setRecord("resolver.test", "A", ["192.0.2.7"]);
    const r = dnsResolver([dns.address]);
    expect(await r.txt("resolver.test")).toEqual(["v=spf1 -all"]);
    expect(await r.txt("sel._domainkey.resolver.test")).toEqual([long]);
    expect(await r.mx("resolver.test")).toEqual([{ exchange: "mx.resolver.test", priority: 10 }]);
    expect(await r.cname("track.resolver.test")).toEqual(["app.example.net"]);
    expect(await r.a("resolver.test")).toEqual(["192.0.2.7"]);
    expect((await r.ns("resolver.test")).sort()).toEqual(["ns1.coldframe.test", "ns2.coldframe.test"]);
    // mailauth's resolver gives node's raw answer: the TXT chunks as split on the wire
    const raw = (await mailauthResolver([dns.address])("sel._domainkey.resolver.test", "TXT")) as string[][];
    expect(raw[0]?.map((c) => c.length)).toEqual([255, long.length - 255]);
  });

  test("no such name or record is an empty answer; a deleted record disappears", async () => {
    const r = dnsResolver([dns.address]);
    expect(await r.txt("nothing-here.resolver.test")).toEqual([]);
    await dns.setRecord("gone.resolver.test", "TXT", ["x"]);
    expect(await r.txt("gone.resolver.test")).toEqual(["x"]);
    await dns.deleteRecord("gone.resolver.test", "TXT");
    expect(await r.txt("gone.resolver.test")).toEqual([]);
  });

  test("a server that refuses or does not answer is an error, not an empty answer", async () => {
    // PowerDNS refuses names outside its zones
    await expect(dnsResolver([dns.address]).txt("example.org")).rejects.toBeInstanceOf(DnsQueryError);
    // nothing listens on port 9 (discard) here
    await expect(
      dnsResolver(["127.0.0.1:9"], { timeoutMs: 300 }).txt("resolver.test"),
    ).rejects.toBeInstanceOf(DnsQueryError);
  });
});
