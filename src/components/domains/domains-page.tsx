"use client";
import {
  Alert,
  Anchor,
  Button,
  Card,
  CloseButton,
  Group,
  Loader,
  Stack,
  Text,
  Title,
  Tooltip,
} from "@mantine/core";
import { IconAlertTriangle, IconPlus, IconShoppingCart, IconWorld } from "@tabler/icons-react";
import Link from "next/link";
import { useEffect, useState } from "react";
import { FeatureEmptyState } from "@/components/ui/feature-empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { useApi } from "@/components/ui/use-api";
import { ADMIN_ONLY_HINT, useIsAdmin } from "@/components/ui/use-is-admin";
import { AddDomainForm } from "./add-domain-form";
import { DomainsTable } from "./domains-table";
import type { DomainOverviewList } from "./types";

const SETTING_UP = new Set(["paid", "registering", "registered", "configuring_dns", "verifying_dns"]);

export function DomainsPageContent() {
  const { data, error, loading, reload } = useApi<DomainOverviewList>("/api/v1/domains/overview");
  const [adding, setAdding] = useState<boolean | null>(null);
  const admin = useIsAdmin();
  // the form starts open for a workspace without domains; after that it is the button's to open
  useEffect(() => {
    if (data && adding === null) setAdding(data.data.length === 0);
  }, [data, adding]);
  // domains being set up change on their own: follow them until set up and checked once
  const busy =
    data?.data.some((d) => SETTING_UP.has(d.status) || (d.status === "active" && !d.health)) ?? false;
  useEffect(() => {
    if (!busy) return;
    const t = setInterval(() => void reload(), 5000);
    return () => clearInterval(t);
  }, [busy, reload]);

  return (
    <>
      <PageHeader
        title="Domains"
        description="Sending domains with SPF, DKIM, DMARC, MX and a tracking host, each with a health score."
        actions={
          <Group gap="sm" wrap="nowrap">
            <Tooltip label={ADMIN_ONLY_HINT} disabled={admin}>
              <Button
                variant="default"
                leftSection={<IconPlus size={16} />}
                disabled={!admin}
                onClick={() => setAdding(true)}
              >
                Add your own domain
              </Button>
            </Tooltip>
            <Button component={Link} href="/domains/search" leftSection={<IconShoppingCart size={16} />}>
              Buy domains
            </Button>
          </Group>
        }
      />
      <Stack gap="lg">
        {adding && admin && data && (
          <Card withBorder padding="lg" data-testid="add-domain">
            <Group justify="space-between" align="flex-start" mb={4}>
              <Title order={4}>Add a domain you own</Title>
              <CloseButton aria-label="Close" onClick={() => setAdding(false)} />
            </Group>
            <Text size="sm" c="dimmed" mb="md">
              Emails from mailboxes on this domain are signed with its DKIM key, and their open, click and
              unsubscribe links go through its tracking host.
            </Text>
            <AddDomainForm
              onAdded={() => {
                setAdding(false);
                void reload();
              }}
              platformDns={data.platformDnsProvider}
            />
          </Card>
        )}
        {data?.data
          .filter((d) => d.renewal?.warning)
          .map((d) => (
            <Alert
              key={d.id}
              color="red"
              icon={<IconAlertTriangle size={18} />}
              title={d.name}
              data-testid="renewal-warning"
            >
              {d.renewal!.warning}{" "}
              <Anchor component={Link} href={`/domains/${d.id}`} size="sm">
                Retry the charge
              </Anchor>
            </Alert>
          ))}
        {error && (
          <Alert color="red" title="Could not load domains">
            {error}
          </Alert>
        )}
        {loading && !data ? (
          <Loader />
        ) : data?.data.length ? (
          <Card withBorder padding={0}>
            <DomainsTable domains={data.data} onChanged={reload} />
          </Card>
        ) : (
          <FeatureEmptyState
            icon={<IconWorld size={28} stroke={1.5} />}
            title="No domains yet"
            description="Buy fresh domains with DNS set up for you, or add a domain you own above."
            hint="Keep cold email off your main domain so its reputation stays safe."
          />
        )}
      </Stack>
    </>
  );
}
