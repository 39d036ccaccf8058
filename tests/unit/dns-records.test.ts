import { describe, expect, it } from "vitest";
import { mxPresetHosts } from "../../src/lib/dns/records";

describe("MX presets", () => {
  it("Google Workspace: the five classic hosts with their priorities", () => {
    expect(mxPresetHosts("acme.com", { preset: "google" })).toEqual([
      { host: "aspmx.l.google.com", priority: 1 },
      { host: "alt1.aspmx.l.google.com", priority: 5 },
      { host: "alt2.aspmx.l.google.com", priority: 5 },
      { host: "alt3.aspmx.l.google.com", priority: 10 },
      { host: "alt4.aspmx.l.google.com", priority: 10 },
    ]);
  });

  it("Microsoft 365: the per-domain protection host (dots become dashes)", () => {
    expect(mxPresetHosts("mail.acme-co.com", { preset: "microsoft" })).toEqual([
      { host: "mail-acme-co-com.mail.protection.outlook.com", priority: 0 },
    ]);
  });

  it("custom hosts lower-cased without trailing dots; none means none", () => {
    expect(
      mxPresetHosts("acme.com", { preset: "custom", hosts: [{ host: "MX1.Example.net.", priority: 10 }] }),
    ).toEqual([{ host: "mx1.example.net", priority: 10 }]);
    expect(mxPresetHosts("acme.com", { preset: "none" })).toEqual([]);
  });
});
