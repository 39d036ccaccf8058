"use client";
import { Alert, Card, Loader, Stack, Text, Title } from "@mantine/core";
import { IconWorld } from "@tabler/icons-react";
import { FeatureEmptyState } from "@/components/ui/feature-empty-state";
import { useApi } from "@/components/ui/use-api";
import { AddDomainForm } from "./add-domain-form";
import { DomainsTable } from "./domains-table";
import type { SendingDomain } from "./types";

export function DomainsPageContent() {
  const { data, error, loading, reload } = useApi<{ data: SendingDomain[] }>("/api/v1/domains");
  return (
    <Stack gap="lg">
      <Card withBorder padding="lg">
        <Title order={4} mb={4}>
          Add a domain you own
        </Title>
        <Text size="sm" c="dimmed" mb="md">
          Emails from mailboxes on this domain are signed with its DKIM key (when it has one), and their open,
          click and unsubscribe links go through its tracking host.
        </Text>
        <AddDomainForm onAdded={reload} />
      </Card>
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
          description="Add a sending domain you own above. Buying fresh domains with DNS set up for you is on its way."
          hint="Keep cold email off your main domain so its reputation stays safe."
        />
      )}
    </Stack>
  );
}
