import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type FakeCloudflareRegistrar,
  startFakeCloudflareRegistrar,
} from "../integration/fakes/cloudflare-registrar";
import { type FakeStripe, startFakeStripe } from "../integration/fakes/stripe";
import { type DnsServer, dnsServerEnv, startDnsServer } from "../integration/helpers/dns-server";
import { freePort, screenshot } from "./helpers";
import { type SignedInApp, startSignedInApp } from "./start-signed-in-app";

// The domain shop end to end against `npm start`: search 10 names across the default TLDs, fill the
// cart, pay on the local Stripe's checkout page, and watch the order page until every domain is
// registered at the local Cloudflare Registrar, then set up at a real PowerDNS until active. It
// buys in Cloudflare's Registrar sandbox: Cloudflare Registrar keeps its own nameservers, so only a
// sandbox registration (which creates no zone) has its DNS on the platform's provider. Stripe's
// webhook reaches the app over real HTTP, signed with the SDK's test header; the worker registers
// through the `cloudflare` SDK.
const labels = [
  "northwind-outreach",
  "acme-growth",
  "bluepeak-sales",
  "quillhouse",
  "tidewater-labs",
  "copperleaf-mail",
  "brightforge",
  "lumenroute",
  "harborline-hq",
  "oakridge-team",
];
const comNames = labels.map((l) => `${l}.com`);
/** taken by someone else from the start */
const takenName = "acme-growth.net";
/** premium at the registry: shown, never sold */
const premiumName = "quillhouse.io";
/** added to the cart, then registered by someone else before checkout */
const snatchedName = "brightforge.net";
const registeredOrLater = ["registered", "configuring_dns", "verifying_dns", "active"];

const contact = {
  firstName: "Wren",
  lastName: "Shopper",
  organization: "Shopper Inc",
  email: "domains@example.com",
  phone: "+1.5555550100",
  address1: "1 Market Street",
  city: "San Francisco",
  state: "CA",
  postalCode: "94105",
  country: "US",
};

describe("Buying domains in the browser", () => {
  let started: SignedInApp | undefined;
  let registrar: FakeCloudflareRegistrar | undefined;
  let stripe: FakeStripe | undefined;
  let dns: DnsServer | undefined;
  let page: Page;

  beforeAll(async () => {
    const port = await freePort();
    registrar = await startFakeCloudflareRegistrar();
    registrar.taken.add(takenName);
    registrar.premium.set(premiumName, 250_000);
    stripe = await startFakeStripe({
      webhookUrl: `http://127.0.0.1:${port}/api/webhooks/stripe`,
      webhookSecret: "whsec_e2e_domain_purchase",
    });
    // the hand-over after registration: zones written to a real PowerDNS and checked there
    dns = await startDnsServer();
    started = await startSignedInApp({
      port,
      env: {
        STRIPE_SECRET_KEY: stripe.secretKey,
        STRIPE_API_URL: stripe.apiUrl,
        STRIPE_WEBHOOK_SECRET: stripe.webhookSecret,
        CLOUDFLARE_API_TOKEN: registrar.token,
        CLOUDFLARE_ACCOUNT_ID: registrar.accountId,
        CLOUDFLARE_BASE_URL: registrar.baseUrl,
        CLOUDFLARE_REGISTRAR_SANDBOX: "true",
        DOMAIN_REGISTRANT_CONTACT: JSON.stringify(contact),
        ...dnsServerEnv(dns),
      },
      user: { name: "Wren Shopper", workspaceName: "Shopper Inc" },
    });
    ({ page } = started);
  });

  afterAll(async () => {
    await started?.stop();
    await stripe?.close();
    await registrar?.close();
    await dns?.close();
  });

  /** A full-page screenshot from the top (scrolled, the fixed header would be drawn mid-page). */
  const shot = async (name: string) => {
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, name);
  };
  const row = (name: string) => page.locator(`[data-testid="search-result"][data-name="${name}"]`);

  it("searches 10 names in the default TLDs and fills the cart", async () => {
    await page.goto("/domains/search");
    await page.getByLabel("Names").fill(labels.join("\n"));
    await page.getByText("120 domains to check").waitFor();
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await page.getByTestId("search-results").waitFor({ timeout: 60_000 });
    // a registrar and Stripe are configured: nothing is said to be missing
    expect(await page.getByTestId("shop-readiness").count()).toBe(0);

    // 10 names × the 12 default TLDs, each with its own answer
    expect(await page.getByTestId("search-result").count()).toBe(120);
    await expect
      .poll(() => row("northwind-outreach.com").getByTestId("availability").textContent())
      .toBe("Available");
    expect(await row("northwind-outreach.com").textContent()).toContain("$10.44");
    expect(await row(takenName).getByTestId("availability").textContent()).toBe("Taken");
    expect(await row(premiumName).getByTestId("availability").textContent()).toBe("Premium — not sold");
    expect(
      await row(takenName)
        .getByRole("button", { name: /Add .* to cart/ })
        .isDisabled(),
    ).toBe(true);
    expect(
      await row(premiumName)
        .getByRole("button", { name: /Add .* to cart/ })
        .isDisabled(),
    ).toBe(true);
    await shot("domain-shop-01-search-results");

    for (const name of [...comNames, snatchedName]) {
      await row(name)
        .getByRole("button", { name: `Add ${name} to cart` })
        .click();
      await row(name).getByRole("button", { name: "In cart" }).waitFor();
    }
    expect(await page.getByTestId("cart-count").textContent()).toBe("11");
  });

  it("shows what changed when a domain is taken before checkout, and holds the order after a cancelled payment", async () => {
    await page.getByRole("tab", { name: /Cart/ }).click();
    await page.waitForURL("**/domains/cart");
    await page.getByTestId("cart-table").waitFor();
    expect(await page.getByTestId("cart-item").count()).toBe(11);

    // someone else registers one of them meanwhile: checkout refuses with the reason, cart updated
    registrar!.taken.add(snatchedName);
    await page.getByRole("button", { name: "Checkout" }).click();
    const problems = page.getByTestId("checkout-problems");
    await problems.waitFor({ timeout: 60_000 });
    expect(await problems.textContent()).toContain(snatchedName);
    await expect.poll(() => page.getByTestId("cart-item").count(), { timeout: 20_000 }).toBe(10);
    expect(await page.getByTestId("cart-total").textContent()).toBe("$104.40");
    await shot("domain-shop-02-cart");

    // to the local Stripe and back without paying: the domains wait in the unpaid order
    await page.getByRole("button", { name: "Checkout" }).click();
    await page.waitForURL(`${stripe!.apiUrl}/pay/**`, { timeout: 60_000 });
    await page.getByRole("link", { name: "Cancel" }).click();
    await page.waitForURL("**/domains/cart?checkout=cancelled");
    const cancelled = page.getByTestId("checkout-cancelled");
    await cancelled.waitFor();
    expect(await cancelled.textContent()).toContain("nothing was charged");
    expect(await cancelled.textContent()).toContain("$104.40");
    await shot("domain-shop-03-cancelled");
    expect(registrar!.registerCalls).toEqual([]);
  });

  it("pays on the checkout page and watches every domain get registered", async () => {
    await page.getByTestId("checkout-cancelled").getByRole("link", { name: "Resume payment" }).click();
    await page.waitForURL(`${stripe!.apiUrl}/pay/**`, { timeout: 60_000 });
    const checkout = await page.locator("body").textContent();
    for (const name of comNames) expect(checkout).toContain(name);
    expect(checkout).not.toContain(snatchedName);
    await shot("domain-shop-04-checkout");

    await page.getByRole("button", { name: /^Pay/ }).click();
    await page.waitForURL("**/domains/orders/*?checkout=success", { timeout: 60_000 });
    await page.getByTestId("payment-received").waitFor();
    await page.getByTestId("order-items").waitFor();
    expect(await page.getByTestId("order-item").count()).toBe(10);

    // the page polls by itself: no reloads here
    await page.waitForFunction(
      (done) => {
        const items = [...document.querySelectorAll('[data-testid="order-item"]')];
        return (
          items.length === 10 && items.every((el) => done.includes(el.getAttribute("data-status") ?? ""))
        );
      },
      registeredOrLater,
      { timeout: 180_000, polling: 500 },
    );
    expect(await page.getByTestId("order-progress").textContent()).toContain("10 of 10 domains registered");
    expect([...registrar!.registered.keys()].sort()).toEqual([...comNames].sort());
    expect([...registrar!.registerCalls].sort()).toEqual([...comNames].sort());
    expect(stripe!.refunds).toEqual([]);
    await shot("domain-shop-05-order");

    // then DNS: zones at the local PowerDNS (the sandbox creates none at Cloudflare), records verified there
    await page.waitForFunction(
      () => {
        const items = [...document.querySelectorAll('[data-testid="order-item"]')];
        return items.length === 10 && items.every((el) => el.getAttribute("data-status") === "active");
      },
      undefined,
      { timeout: 180_000, polling: 1000 },
    );
    await shot("domain-shop-05b-order-active");

    // the order is listed, and the cart it came from is empty
    await page.getByRole("tab", { name: /Orders/ }).click();
    await page.waitForURL("**/domains/orders");
    await page.getByTestId("orders-table").waitFor();
    expect(await page.getByTestId("orders-table").textContent()).toContain("$104.40");
    expect(await page.getByTestId("cart-count").count()).toBe(0);
    await shot("domain-shop-06-orders");
  });

  it("updates the card renewals are charged to on Stripe's page, and says so back on the domain page", async () => {
    const domains = await page.evaluate(async () => {
      const res = await fetch("/api/v1/domains");
      return ((await res.json()) as { data: { id: string; name: string }[] }).data;
    });
    await page.goto(`/domains/${domains[0]!.id}`);
    const card = page.getByTestId("renewal-card");
    await card.waitFor();
    await card.getByRole("button", { name: "Update card", exact: true }).click();
    await page.waitForURL(`${stripe!.apiUrl}/pay/**`, { timeout: 60_000 });
    await shot("domain-card-01-stripe");
    await page.getByRole("button", { name: "Save card", exact: true }).click();
    await page.getByTestId("card-saved").waitFor({ timeout: 60_000 });
    // the mark is taken off the address, so a reload does not say it again
    expect(new URL(page.url()).search).toBe("");
    const [intent] = [...stripe!.setupIntents.values()];
    expect(intent?.status).toBe("succeeded");
    await shot("domain-card-02-saved");
    // back where the shop's tests go on from
    await page.goto("/domains/orders");
    await page.getByTestId("orders-table").waitFor();
  });

  it("shows a domain the registrar refuses at purchase time as failed, with the reason and the refund", async () => {
    await page.getByRole("tab", { name: /Search/ }).click();
    await page.waitForURL("**/domains/search");
    await page.getByLabel("Names").fill("zephyrmail.com");
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await row("zephyrmail.com").getByRole("button", { name: "Add zephyrmail.com to cart" }).click();
    await row("zephyrmail.com").getByRole("button", { name: "In cart" }).waitFor();
    await page.getByRole("tab", { name: /Cart/ }).click();
    await page.getByTestId("cart-table").waitFor();

    // someone registers it between payment and purchase: the registrar answers "taken"
    registrar!.failNextRegister("taken");
    await page.getByRole("button", { name: "Checkout" }).click();
    await page.waitForURL(`${stripe!.apiUrl}/pay/**`, { timeout: 60_000 });
    await page.getByRole("button", { name: /^Pay/ }).click();
    await page.waitForURL("**/domains/orders/*?checkout=success", { timeout: 60_000 });

    const item = page.locator('[data-testid="order-item"][data-name="zephyrmail.com"]');
    await page.locator('[data-testid="order-item"][data-status="failed"]').waitFor({ timeout: 120_000 });
    await item.getByText("Refunded $10.44").waitFor({ timeout: 30_000 });
    expect(await item.getByTestId("failure-reason").textContent()).toMatch(/refunded/i);
    expect(stripe!.refunds.map((r) => r.amount)).toEqual([1044]);
    expect(registrar!.registered.has("zephyrmail.com")).toBe(false);
    await shot("domain-shop-07-order-failed");
  });
});
