import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeCloudflareDns, startFakeCloudflareDns } from "../integration/fakes/cloudflare-dns";
import {
  defaultPrice,
  type FakeCloudflareRegistrar,
  startFakeCloudflareRegistrar,
} from "../integration/fakes/cloudflare-registrar";
import { type FakeStripe, startFakeStripe } from "../integration/fakes/stripe";
import { type HttpProxy, startHttpProxy } from "../integration/helpers/http-proxy";
import { freePort, screenshot } from "./helpers";
import { type SignedInApp, startSignedInApp } from "./start-signed-in-app";

// Each TLD's rules in the shop, in the browser, against the local Cloudflare Registrar's per-TLD
// registration schemas: .ai sells for at least 2 years (shown as the first term's price, with the
// renewal a year beside it), .us asks for the registry's nexus category and purpose in the cart and
// checkout is refused until they are given; then the card payment on the local Stripe's page.
const label = "orbitlane";
const ai = `${label}.ai`;
const us = `${label}.us`;

const contact = {
  firstName: "Tess",
  lastName: "Terms",
  organization: "Terms Inc",
  email: "domains@example.com",
  phone: "+1.5555550100",
  address1: "1 Market Street",
  city: "San Francisco",
  state: "CA",
  postalCode: "94105",
  country: "US",
};

/** the first term: its first year at the registration price, then renewal years (no markup here) */
const term = (tld: string, years: number) =>
  defaultPrice(tld).registration + (years - 1) * defaultPrice(tld).renewal;
/** as the page shows money (en-US, no markup configured here) */
const usd = (cents: number) => `$${(cents / 100).toLocaleString("en-US", { minimumFractionDigits: 2 })}`;

describe("TLD terms, renewal prices and extra registrant details in the browser", () => {
  let started: SignedInApp | undefined;
  let registrar: FakeCloudflareRegistrar | undefined;
  let stripe: FakeStripe | undefined;
  let cfDns: FakeCloudflareDns | undefined;
  let cfProxy: HttpProxy | undefined;
  let page: Page;

  beforeAll(async () => {
    const port = await freePort();
    // Cloudflare's registrar and its DNS behind one base URL, as the real API is: a registration
    // creates the zone its domain's DNS is set up in
    cfDns = await startFakeCloudflareDns();
    registrar = await startFakeCloudflareRegistrar({
      accountId: cfDns.accountId,
      token: cfDns.token,
      dns: cfDns,
    });
    const origin = (u: string) => new URL(u).origin;
    cfProxy = await startHttpProxy((path) =>
      /\/registrar(-sandbox)?\//.test(path) ? origin(registrar!.baseUrl) : origin(cfDns!.baseUrl),
    );
    stripe = await startFakeStripe({
      webhookUrl: `http://127.0.0.1:${port}/api/webhooks/stripe`,
      webhookSecret: "whsec_e2e_domain_terms",
    });
    started = await startSignedInApp({
      port,
      env: {
        STRIPE_SECRET_KEY: stripe.secretKey,
        STRIPE_API_URL: stripe.apiUrl,
        STRIPE_WEBHOOK_SECRET: stripe.webhookSecret,
        CLOUDFLARE_API_TOKEN: registrar.token,
        CLOUDFLARE_ACCOUNT_ID: registrar.accountId,
        CLOUDFLARE_BASE_URL: `${cfProxy.url}/client/v4`,
        DOMAIN_REGISTRANT_CONTACT: JSON.stringify(contact),
        DOMAIN_SEARCH_TLDS: "com,ai,us",
        DNS_PROVIDER: "none",
      },
      user: { name: "Tess Terms", workspaceName: "Terms Inc" },
    });
    ({ page } = started);
  });

  afterAll(async () => {
    await started?.stop();
    await stripe?.close();
    await registrar?.close();
    await cfProxy?.close();
    await cfDns?.close();
  });

  const shot = async (name: string) => {
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, name);
  };
  const row = (name: string) => page.locator(`[data-testid="search-result"][data-name="${name}"]`);
  const line = (name: string) => page.locator(`[data-testid="cart-item"][data-name="${name}"]`);

  it("search shows .ai's 2-year first term with its price and the renewal per year, and .us's extra details", async () => {
    await page.goto("/domains/search");
    await page.getByLabel("Names").fill(label);
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await page.getByTestId("search-results").waitFor({ timeout: 60_000 });

    const aiPrice = defaultPrice("ai");
    await expect.poll(() => row(ai).getByTestId("availability").textContent()).toBe("Available");
    expect(await row(ai).getByTestId("min-term").textContent()).toBe("2 years minimum");
    const aiText = await row(ai).textContent();
    expect(aiText).toContain(usd(term("ai", 2)));
    expect(aiText).toContain(usd(aiPrice.renewal));
    // .com is bought a year at a time: no term said
    expect(await row(`${label}.com`).getByTestId("min-term").count()).toBe(0);
    expect(await row(us).textContent()).toContain("extra details");
    await shot("domain-terms-01-search");

    for (const name of [ai, us]) {
      await row(name)
        .getByRole("button", { name: `Add ${name} to cart` })
        .click();
      await row(name).getByRole("button", { name: "In cart" }).waitFor();
    }
  });

  it("the cart asks .us's details and refuses checkout until they are given", async () => {
    await page.getByRole("tab", { name: /Cart/ }).click();
    await page.waitForURL("**/domains/cart");
    await page.getByTestId("cart-table").waitFor();

    const aiPrice = defaultPrice("ai");
    const usPrice = defaultPrice("us");
    expect(await line(ai).getByTestId("cart-term").textContent()).toBe("2 years minimum");
    expect(await line(ai).getByTestId("cart-price").textContent()).toBe(usd(term("ai", 2)));
    expect(await line(ai).getByTestId("cart-renewal").textContent()).toBe(`${usd(aiPrice.renewal)} / year`);
    expect(await line(ai).getByTestId("dns-note").textContent()).toBe(
      "DNS at Cloudflare (Cloudflare Registrar keeps its own nameservers)",
    );
    expect(await line(us).getAttribute("data-needs-details")).toBe("true");
    expect(await page.getByTestId("cart-total").textContent()).toBe(usd(term("ai", 2) + term("us", 1)));
    expect(await page.getByTestId("cart-renewal-summary").textContent()).toContain(
      usd(aiPrice.renewal + usPrice.renewal),
    );
    const form = page.locator(`[data-testid="extension-details"][data-name="${us}"]`);
    await form.getByRole("combobox", { name: "Nexus category" }).waitFor();
    await form.getByRole("combobox", { name: "Purpose" }).waitFor();
    await shot("domain-terms-02-cart-needs-details");

    await page.getByRole("button", { name: "Checkout" }).click();
    const problems = page.getByTestId("checkout-problems");
    await problems.waitFor({ timeout: 60_000 });
    expect(await problems.textContent()).toContain(
      `${us} needs details before checkout: Nexus category, Purpose`,
    );
    expect(stripe!.sessions.size).toBe(0);
    await shot("domain-terms-03-checkout-refused");

    await form.getByRole("combobox", { name: "Nexus category" }).click();
    await page.getByRole("option", { name: "US organisation" }).click();
    await form.getByRole("combobox", { name: "Purpose" }).click();
    await page.getByRole("option", { name: "Business for profit" }).click();
    await form.getByRole("button", { name: `Save details for ${us}` }).click();
    await page.getByTestId("details-given").waitFor();
    expect(await page.getByTestId("details-given").textContent()).toContain(
      "Nexus category: US organisation · Purpose: Business for profit",
    );
    await expect.poll(() => line(us).getAttribute("data-needs-details")).toBe("false");
    expect(await page.getByTestId("needs-details-alert").count()).toBe(0);
    // the refusal was about those details: answered, it is gone
    expect(await page.getByTestId("checkout-problems").count()).toBe(0);
    await shot("domain-terms-04-details-given");
  });

  it("checks out on the Stripe page and the order shows each term and renewal price", async () => {
    await page.getByRole("button", { name: "Checkout" }).click();
    await page.waitForURL(`${stripe!.apiUrl}/pay/**`, { timeout: 60_000 });
    const checkout = await page.locator("body").textContent();
    expect(checkout).toContain(`${ai} — domain registration for 2 years, then renews at`);
    expect(checkout).toContain(`${us} — domain registration for 1 year, then renews at`);
    await shot("domain-terms-05-stripe");

    await page.getByRole("button", { name: /^Pay/ }).click();
    await page.waitForURL("**/domains/orders/*?checkout=success", { timeout: 60_000 });
    await page.getByTestId("payment-received").waitFor();
    const item = (name: string) => page.locator(`[data-testid="order-item"][data-name="${name}"]`);
    const aiPrice = defaultPrice("ai");
    const usPrice = defaultPrice("us");
    expect(await item(ai).getByTestId("order-item-price").textContent()).toBe(
      `${usd(term("ai", 2))} for 2 years`,
    );
    expect(await item(ai).textContent()).toContain(`then ${usd(aiPrice.renewal)} / year`);
    expect(await item(us).textContent()).toContain(`then ${usd(usPrice.renewal)} / year`);
    expect(await item(ai).getByTestId("dns-note").textContent()).toContain("DNS at Cloudflare");
    expect(await page.getByTestId("order-renewals").textContent()).toBe(
      `${usd(aiPrice.renewal + usPrice.renewal)} / year`,
    );
    await shot("domain-terms-06-order");

    // registered as paid for: .ai for its 2-year term, .us with the details given in the cart (the
    // local registrar checks each registration against the TLD's schema); DNS then goes to the
    // Cloudflare zone each registration created (its propagation is another file's subject)
    await page.waitForFunction(
      (done) => {
        const items = [...document.querySelectorAll('[data-testid="order-item"]')];
        return items.length === 2 && items.every((el) => done.includes(el.getAttribute("data-status") ?? ""));
      },
      ["registered", "configuring_dns", "verifying_dns", "active"],
      { timeout: 120_000, polling: 500 },
    );
    expect([...registrar!.registerCalls].sort()).toEqual([ai, us]);
    expect([...registrar!.registered.keys()].sort()).toEqual([ai, us]);
    expect(stripe!.refunds).toEqual([]);
    await shot("domain-terms-07-order-registered");
  });
});
