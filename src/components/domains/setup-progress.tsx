"use client";
import { Alert, Loader, Paper, Text, ThemeIcon, Timeline } from "@mantine/core";
import { IconCheck, IconX } from "@tabler/icons-react";
import { CopyField } from "@/components/ui/copy-field";
import type { DnsProgress } from "./types";

const bullet = (state: DnsProgress["steps"][number]["state"]) => {
  if (state === "done")
    return (
      <ThemeIcon size={20} radius="xl" color="teal">
        <IconCheck size={12} />
      </ThemeIcon>
    );
  if (state === "failed")
    return (
      <ThemeIcon size={20} radius="xl" color="red">
        <IconX size={12} />
      </ThemeIcon>
    );
  if (state === "running") return <Loader size={14} />;
  return undefined;
};

/** The DNS setup's steps as they run (zone, nameservers, SPF, DKIM, ...), and the nameservers to use. */
export function SetupProgress({
  progress,
  nameservers,
}: {
  progress: DnsProgress | null;
  nameservers: string[] | null;
}) {
  if (!progress?.steps.length && !nameservers?.length) return null;
  const steps = progress?.steps ?? [];
  const active = steps.reduce((n, s, i) => (s.state === "done" ? i : n), -1);
  return (
    <Paper withBorder radius="lg" p="lg" miw={0} data-testid="setup-progress">
      <Text fw={500} mb="md">
        DNS setup
      </Text>
      {progress?.error && (
        <Alert color="red" mb="md" title="Setup stopped">
          {progress.error}
        </Alert>
      )}
      {steps.length > 0 && (
        <Timeline active={active} bulletSize={20} lineWidth={2}>
          {steps.map((s) => (
            <Timeline.Item key={s.key} bullet={bullet(s.state)} title={s.label} data-state={s.state}>
              {s.detail && (
                <Text
                  size="xs"
                  c={s.state === "failed" ? "red" : "dimmed"}
                  lineClamp={3}
                  style={{ overflowWrap: "anywhere" }}
                >
                  {s.detail}
                </Text>
              )}
            </Timeline.Item>
          ))}
        </Timeline>
      )}
      {nameservers?.length ? (
        <>
          <Text size="sm" mt="md" mb={4}>
            Nameservers (set these at the registrar)
          </Text>
          {nameservers.map((ns) => (
            <CopyField key={ns} value={ns} label="Copy nameserver" />
          ))}
        </>
      ) : null}
    </Paper>
  );
}
