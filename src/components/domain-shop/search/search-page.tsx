"use client";
import {
  Alert,
  Anchor,
  Button,
  Group,
  List,
  Progress,
  SegmentedControl,
  Skeleton,
  Stack,
  Text,
} from "@mantine/core";
import { IconAlertTriangle, IconShoppingCart, IconShoppingCartPlus } from "@tabler/icons-react";
import Link from "next/link";
import { useEffect, useState } from "react";
import { api } from "@/components/ui/api";
import { notifyError } from "@/components/ui/notify";
import { PageHeader } from "@/components/ui/page-header";
import { useApi } from "@/components/ui/use-api";
import { ShopNav } from "../shop-nav";
import { ShopReadinessAlert } from "../shop-readiness-alert";
import type { Cart, CartItem, SearchResponse, SearchResult, ShopReadiness } from "../types";
import { availabilityOf } from "./availability-badge";
import { ResultsTable } from "./results-table";
import { SearchForm, type SearchRequest } from "./search-form";

type Filter = "all" | "available" | "suggestions";

const buyable = (r: SearchResult) => availabilityOf(r) === "available" && !r.inCart;

/** Bulk domain search: paste names, pick TLDs, see what is free and what it costs, fill the cart. */
export function DomainSearchPage() {
  const tlds = useApi<{ defaults: string[] }>("/api/v1/domains/search/tlds");
  const readiness = useApi<ShopReadiness>("/api/v1/domains/shop");
  const [cartCount, setCartCount] = useState<number | null>(null);
  const [pending, setPending] = useState<SearchRequest | null>(null);
  const [response, setResponse] = useState<SearchResponse | null>(null);
  const [searchError, setSearchError] = useState<string | null>(null);
  const [filter, setFilter] = useState<Filter>("all");
  const [adding, setAdding] = useState<Set<string>>(new Set());
  const [bulk, setBulk] = useState<{ done: number; total: number } | null>(null);

  useEffect(() => {
    api<Cart>("/api/v1/cart")
      .then((c) => setCartCount(c.items.length))
      .catch(() => setCartCount(null));
  }, []);

  const search = async (req: SearchRequest) => {
    setPending(req);
    setSearchError(null);
    try {
      setResponse(await api<SearchResponse>("/api/v1/domains/search", { body: req }));
      setFilter("all");
    } catch (err) {
      setSearchError(err instanceof Error ? err.message : String(err));
    } finally {
      setPending(null);
    }
  };

  const markInCart = (name: string) =>
    setResponse(
      (r) => r && { ...r, results: r.results.map((x) => (x.name === name ? { ...x, inCart: true } : x)) },
    );

  /** Adds one name; false (after telling the user why) when the cart refused it. */
  const add = async (r: SearchResult): Promise<boolean> => {
    setAdding((s) => new Set(s).add(r.name));
    try {
      await api<CartItem>("/api/v1/cart", { body: { name: r.name } });
      markInCart(r.name);
      setCartCount((n) => (n ?? 0) + 1);
      return true;
    } catch (err) {
      notifyError(err, `Could not add ${r.displayName}`);
      return false;
    } finally {
      setAdding((s) => {
        const next = new Set(s);
        next.delete(r.name);
        return next;
      });
    }
  };

  const results = response?.results ?? [];
  const shown = results.filter((r) =>
    filter === "available"
      ? availabilityOf(r) === "available"
      : filter === "suggestions"
        ? r.suggestion
        : true,
  );
  const toAdd = shown.filter(buyable);
  const availableCount = results.filter((r) => availabilityOf(r) === "available").length;
  const suggestionCount = results.filter((r) => r.suggestion).length;

  const addAll = async () => {
    setBulk({ done: 0, total: toAdd.length });
    for (const r of toAdd) {
      await add(r);
      setBulk((b) => b && { ...b, done: b.done + 1 });
    }
    setBulk(null);
  };

  return (
    <>
      <PageHeader
        title="Buy domains"
        description="Search many names at once across TLDs, then buy the ones you want in one payment. Each domain is registered and set up for sending automatically."
        actions={
          <Button
            component={Link}
            href="/domains/cart"
            variant="light"
            leftSection={<IconShoppingCart size={16} />}
            style={{ flexShrink: 0 }}
          >
            Cart{cartCount ? ` (${cartCount})` : ""}
          </Button>
        }
      />
      <ShopNav cartCount={cartCount} />
      <Stack gap="lg">
        <ShopReadinessAlert readiness={readiness.data} />
        {tlds.error && (
          <Alert color="red" title="Could not load the TLD list">
            {tlds.error}. Reload the page to try again.
          </Alert>
        )}
        {tlds.data ? (
          <SearchForm defaultTlds={tlds.data.defaults} searching={pending !== null} onSearch={search} />
        ) : (
          !tlds.error && <Skeleton h={260} radius="lg" />
        )}
        {pending && (
          <Stack gap={6} data-testid="search-progress">
            <Text size="sm" c="dimmed">
              Checking {pending.names.length} {pending.names.length === 1 ? "name" : "names"}
              {pending.tlds.length ? ` in ${pending.tlds.length} TLDs` : ""}
              {pending.suggestions ? " with suggestions" : ""} at the registrars…
            </Text>
            <Progress value={100} animated striped size="sm" />
          </Stack>
        )}
        {searchError && (
          <Alert color="red" title="The search failed" icon={<IconAlertTriangle size={18} />}>
            {searchError}
          </Alert>
        )}
        {response && response.errors.length > 0 && (
          <Alert
            color="orange"
            title={`${response.errors.length} ${response.errors.length === 1 ? "name was" : "names were"} not searched`}
            icon={<IconAlertTriangle size={18} />}
            data-testid="search-errors"
          >
            <List size="sm" spacing={4}>
              {response.errors.map((e) => (
                <List.Item key={e.input}>
                  <Text span size="sm" fw={600} style={{ overflowWrap: "anywhere" }}>
                    {e.input}
                  </Text>
                  : {e.message}
                </List.Item>
              ))}
            </List>
          </Alert>
        )}
        {response && (
          <>
            <Group justify="space-between" wrap="wrap" gap="sm">
              <Group gap="md">
                <SegmentedControl
                  size="xs"
                  value={filter}
                  onChange={(v) => setFilter(v as Filter)}
                  data={[
                    { value: "all", label: `All (${results.length})` },
                    { value: "available", label: `Available (${availableCount})` },
                    ...(suggestionCount
                      ? [{ value: "suggestions", label: `Suggestions (${suggestionCount})` }]
                      : []),
                  ]}
                />
                <Text size="sm" c="dimmed" data-testid="search-summary">
                  {availableCount} of {results.length} available
                </Text>
              </Group>
              <Group gap="sm">
                {bulk && (
                  <Text size="sm" c="dimmed">
                    Adding {Math.min(bulk.done + 1, bulk.total)} of {bulk.total}…
                  </Text>
                )}
                <Button
                  size="xs"
                  variant="default"
                  leftSection={<IconShoppingCartPlus size={14} />}
                  disabled={!toAdd.length || bulk !== null}
                  loading={bulk !== null}
                  onClick={() => void addAll()}
                >
                  Add all {toAdd.length || ""} available
                </Button>
                {cartCount ? (
                  <Anchor component={Link} href="/domains/cart" size="sm" fw={500}>
                    Go to cart →
                  </Anchor>
                ) : null}
              </Group>
            </Group>
            {shown.length ? (
              <ResultsTable results={shown} adding={adding} onAdd={(r) => void add(r)} />
            ) : (
              <Text c="dimmed" size="sm">
                Nothing to show for this filter.
              </Text>
            )}
          </>
        )}
      </Stack>
    </>
  );
}
