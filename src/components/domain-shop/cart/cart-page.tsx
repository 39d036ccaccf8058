"use client";
import { Alert, Button, Group, List, Paper, Skeleton, Stack, Text, Tooltip } from "@mantine/core";
import {
  IconAlertTriangle,
  IconCreditCard,
  IconInfoCircle,
  IconSearch,
  IconShoppingCart,
} from "@tabler/icons-react";
import Link from "next/link";
import { useState } from "react";
import { ApiError, api, type Problem } from "@/components/ui/api";
import { ConfirmModal } from "@/components/ui/confirm-modal";
import { FeatureEmptyState } from "@/components/ui/feature-empty-state";
import { notifyError } from "@/components/ui/notify";
import { PageHeader } from "@/components/ui/page-header";
import { useApi } from "@/components/ui/use-api";
import { ADMIN_ONLY_HINT, useIsAdmin } from "@/components/ui/use-is-admin";
import { formatMoney } from "../money";
import { ShopNav } from "../shop-nav";
import type { Cart, CartItem } from "../types";
import { CartTable } from "./cart-table";
import { startCheckout } from "./checkout";
import { UnpaidOrders } from "./unpaid-orders";

type Failure = { title: string; message: string; problems: Problem[] };

const sentence = (s: string) => (s ? s[0]!.toUpperCase() + s.slice(1) : s);

/** Words that say what to do about a refused checkout. */
function failureOf(err: unknown): Failure {
  if (!(err instanceof ApiError))
    return {
      title: "Checkout failed",
      message: err instanceof Error ? err.message : String(err),
      problems: [],
    };
  if (err.status === 409)
    return {
      title: "Your cart needs a look before checkout",
      message: "The cart below is up to date: give any details asked for, check it and press Checkout again.",
      problems: err.problems,
    };
  if (err.status === 503)
    return { title: "Payments are not available", message: sentence(err.message), problems: [] };
  if (err.status === 403)
    return { title: "Only owners and admins can pay", message: sentence(err.message), problems: [] };
  return { title: "Checkout failed", message: sentence(err.message), problems: err.problems };
}

/** The cart: what will be bought, for how much, and the way to pay for it on Stripe. */
export function DomainCartPage({ cancelled }: { cancelled: boolean }) {
  const admin = useIsAdmin();
  const [version, setVersion] = useState(0);
  const cart = useApi<Cart>(`/api/v1/cart?v=${version}`);
  const [removing, setRemoving] = useState<Set<string>>(new Set());
  const [emptying, setEmptying] = useState(false);
  const [redirecting, setRedirecting] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  const reload = () => setVersion((v) => v + 1);

  const remove = async (item: CartItem) => {
    setRemoving((s) => new Set(s).add(item.id));
    try {
      await api(`/api/v1/cart/${item.id}`, { method: "DELETE" });
      reload();
    } catch (err) {
      notifyError(err, `Could not remove ${item.displayName}`);
    } finally {
      setRemoving((s) => {
        const next = new Set(s);
        next.delete(item.id);
        return next;
      });
    }
  };

  const empty = async () => {
    try {
      await api("/api/v1/cart", { method: "DELETE" });
      setEmptying(false);
      reload();
    } catch (err) {
      notifyError(err, "Could not empty the cart");
    }
  };

  const checkout = async () => {
    setFailure(null);
    setRedirecting(true);
    try {
      const { url } = await startCheckout();
      window.location.assign(url);
    } catch (err) {
      setRedirecting(false);
      setFailure(failureOf(err));
      if (err instanceof ApiError && err.status === 409) reload();
    }
  };

  const data = cart.data;
  return (
    <>
      <PageHeader
        title="Cart"
        description="Domains you are about to buy. Availability and prices are checked again when you check out."
      />
      <ShopNav cartCount={data ? data.items.length : null} />
      <Stack gap="lg">
        <UnpaidOrders key={version} cancelled={cancelled} />
        {failure && (
          <Alert
            color="red"
            icon={<IconAlertTriangle size={18} />}
            title={failure.title}
            withCloseButton
            onClose={() => setFailure(null)}
            data-testid="checkout-problems"
          >
            {failure.problems.length > 0 && (
              <List size="sm" mb="xs" spacing={4}>
                {failure.problems.map((p) => (
                  <List.Item key={`${p.about}:${p.message}`}>{p.message}</List.Item>
                ))}
              </List>
            )}
            <Text size="sm">{failure.message}</Text>
          </Alert>
        )}
        {cart.error && (
          <Alert color="red" title="Could not load the cart">
            {cart.error}. Reload the page to try again.
          </Alert>
        )}
        {!data && !cart.error && <Skeleton h={220} radius="lg" />}
        {data && data.items.length === 0 && (
          <FeatureEmptyState
            icon={<IconShoppingCart size={28} stroke={1.5} />}
            title="Your cart is empty"
            description="Search for names across many TLDs at once and add the available ones here."
            hint="Tip: buy a few lookalike domains so cold email never touches your main domain."
          />
        )}
        {data && data.items.length > 0 && (
          <>
            {data.warnings.length > 0 && (
              <Alert
                color="orange"
                icon={<IconAlertTriangle size={18} />}
                title="Checkout would be refused"
                data-testid="cart-warnings"
              >
                <List size="sm" spacing={4}>
                  {data.warnings.map((w) => (
                    <List.Item key={w.message}>{w.message}</List.Item>
                  ))}
                </List>
              </Alert>
            )}
            {data.needsDetails > 0 && (
              <Alert
                color="blue"
                icon={<IconInfoCircle size={18} />}
                title="Some registries ask for more about you"
                data-testid="needs-details-alert"
              >
                {data.needsDetails === 1 ? "One domain needs" : `${data.needsDetails} domains need`}{" "}
                registrant details before checkout: fill in the form under{" "}
                {data.needsDetails === 1 ? "it" : "each of them"} below.
              </Alert>
            )}
            <CartTable
              cart={data}
              removing={removing}
              onRemove={(i) => void remove(i)}
              onSaved={(saved) => {
                // what the refused checkout said about this line is answered now
                setFailure((f) => {
                  if (!f) return f;
                  const left = f.problems.filter((p) => p.about !== saved.name);
                  return left.length === 0 && f.problems.length > 0 ? null : { ...f, problems: left };
                });
                reload();
              }}
              disabled={redirecting}
            />
            <Paper withBorder radius="lg" p="lg">
              <Group justify="space-between" align="center" wrap="wrap" gap="md">
                <Stack gap={2} maw={560}>
                  <Text fw={600} data-testid="cart-due-now">
                    Pay {formatMoney(data.totalCents, data.currency)} now for {data.items.length}{" "}
                    {data.items.length === 1 ? "domain" : "domains"}
                  </Text>
                  {data.renewalTotalCents !== null && (
                    <Text size="sm" data-testid="cart-renewal-summary">
                      Then {formatMoney(data.renewalTotalCents, data.currency)} a year to renew them all, each
                      from the end of its first term.
                    </Text>
                  )}
                  <Text size="sm" c="dimmed">
                    You pay on Stripe's secure page. Each domain is registered for its term as soon as the
                    payment clears; one that cannot be registered any more is refunded.
                  </Text>
                </Stack>
                <Group gap="sm">
                  <Button
                    variant="subtle"
                    color="gray"
                    onClick={() => setEmptying(true)}
                    disabled={redirecting}
                  >
                    Empty cart
                  </Button>
                  <Tooltip label={ADMIN_ONLY_HINT} disabled={admin}>
                    <Button
                      size="md"
                      leftSection={<IconCreditCard size={18} />}
                      loading={redirecting}
                      disabled={!admin}
                      onClick={() => void checkout()}
                    >
                      Checkout
                    </Button>
                  </Tooltip>
                </Group>
              </Group>
            </Paper>
          </>
        )}
        {data && (
          <Group>
            <Button
              component={Link}
              href="/domains/search"
              variant="default"
              leftSection={<IconSearch size={16} />}
            >
              {data.items.length ? "Add more domains" : "Search domains"}
            </Button>
          </Group>
        )}
      </Stack>
      <ConfirmModal
        opened={emptying}
        title="Empty the cart"
        message="Remove every domain from the cart? Nothing has been charged."
        confirmLabel="Empty cart"
        onConfirm={empty}
        onClose={() => setEmptying(false)}
      />
    </>
  );
}
