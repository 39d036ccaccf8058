"use client";
import { Alert, Anchor, Button, Group, Loader, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { IconAlertTriangle, IconArrowLeft, IconRefresh } from "@tabler/icons-react";
import Link from "next/link";
import { useCallback, useEffect, useState } from "react";
import { DomainStatusBadge } from "@/components/domain-shop/orders/order-status-badge";
import type { DomainStatus } from "@/components/domain-shop/types";
import { api } from "@/components/ui/api";
import { formatDate } from "@/components/ui/format";
import { notifyError } from "@/components/ui/notify";
import { DnsRecords } from "./dns-records";
import { CheckMarks, MARK_KEYS } from "./health-marks";
import { RenewalCard, RenewalWarning } from "./renewal-card";
import { ScoreCard } from "./score-card";
import { ScoreHistoryChart } from "./score-history-chart";
import { SetupProgress } from "./setup-progress";
import type { DnsRecord, DomainDns, DomainHealth, HealthCheck, Mark, MarkKey, SendingDomain } from "./types";

const SETTING_UP = new Set(["paid", "registering", "registered", "configuring_dns", "verifying_dns"]);

function marksOf(check: HealthCheck | null) {
  const marks = {} as Record<MarkKey, Mark>;
  const reasons: Partial<Record<MarkKey, string>> = {};
  for (const key of MARK_KEYS) {
    const item = check?.items.find((i) => i.key === key);
    const s = item?.state;
    marks[key] =
      s === "pass" || s === "warn" ? "pass" : s === "fail" ? "fail" : s === "unknown" ? "unknown" : "pending";
    if (item?.reason) reasons[key] = item.reason;
  }
  return { marks, reasons };
}

/** One domain: health score with its reasons, the four checks, records expected vs found, history. */
export function DomainPage({ id }: { id: string }) {
  const [domain, setDomain] = useState<SendingDomain | null>(null);
  const [dns, setDns] = useState<DomainDns | null>(null);
  const [health, setHealth] = useState<DomainHealth | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);

  const load = useCallback(async () => {
    try {
      const [d, n, h] = await Promise.all([
        api<SendingDomain>(`/api/v1/domains/${id}`),
        api<DomainDns>(`/api/v1/domains/${id}/dns`),
        api<DomainHealth>(`/api/v1/domains/${id}/health`),
      ]);
      setDomain(d);
      setDns(n);
      setHealth(h);
      setError(null);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  }, [id]);
  useEffect(() => {
    void load();
  }, [load]);
  // while its DNS is being set up (and until its first check) the page follows the steps
  const settingUp = domain
    ? SETTING_UP.has(domain.status) || (domain.status === "active" && !health?.latest)
    : false;
  useEffect(() => {
    if (!settingUp) return;
    const t = setInterval(() => void load(), 4000);
    return () => clearInterval(t);
  }, [settingUp, load]);

  const checkNow = async () => {
    setChecking(true);
    try {
      const res = await api<{ health: DomainHealth; records: DnsRecord[] }>(
        `/api/v1/domains/${id}/health/check`,
        {
          method: "POST",
        },
      );
      setHealth(res.health);
      setDns((prev) => (prev ? { ...prev, records: res.records } : prev));
      setDomain(await api<SendingDomain>(`/api/v1/domains/${id}`));
    } catch (err) {
      notifyError(err, "Could not check the domain");
    } finally {
      setChecking(false);
    }
  };

  if (error && !domain) {
    return (
      <Alert color="red" title="Could not load the domain">
        {error}
      </Alert>
    );
  }
  if (!domain || !dns || !health) return <Loader />;
  const { marks, reasons } = marksOf(health.latest);
  const age = health.age;

  return (
    <Stack gap="lg">
      <Anchor component={Link} href="/domains" size="sm">
        <Group gap={4}>
          <IconArrowLeft size={14} />
          Domains
        </Group>
      </Anchor>
      <Group justify="space-between" align="flex-start">
        <Stack gap={6}>
          <Group gap="sm">
            <Title order={1} fz={26} data-testid="domain-name">
              {domain.name}
            </Title>
            <DomainStatusBadge status={domain.status as DomainStatus} />
          </Group>
          <CheckMarks marks={marks} reasons={reasons} />
          {domain.statusReason && (
            <Text size="sm" c="dimmed">
              {domain.statusReason}
            </Text>
          )}
        </Stack>
        <Button leftSection={<IconRefresh size={16} />} onClick={() => void checkNow()} loading={checking}>
          Check now
        </Button>
      </Group>

      <RenewalWarning renewal={domain.renewal} />

      {age.isNew && (
        <Alert
          color="orange"
          icon={<IconAlertTriangle size={18} />}
          title={`${age.warning ?? ""}`}
          data-testid="age-warning"
        >
          Registered {age.days === 1 ? "1 day" : `${age.days} days`} ago ({formatDate(age.createdAt)}).
          Mailbox providers distrust domains under 30 days old: start each mailbox at a few emails a day and
          raise the volume slowly.
        </Alert>
      )}

      <ScoreCard check={health.latest} />
      {domain.renewal && (
        <RenewalCard domainId={domain.id} renewal={domain.renewal} onChanged={() => void load()} />
      )}
      <SimpleGrid cols={{ base: 1, md: dns.progress?.steps.length || dns.nameservers?.length ? 2 : 1 }}>
        <ScoreHistoryChart history={health.history} />
        <SetupProgress progress={dns.progress} nameservers={dns.nameservers} />
      </SimpleGrid>
      <DnsRecords records={dns.records} mode={dns.mode} />
    </Stack>
  );
}
