"use client";
import { LineChart } from "@mantine/charts";
import { Center, Paper, Text } from "@mantine/core";
import type { DomainHealth } from "./types";

const label = new Intl.DateTimeFormat(undefined, {
  month: "short",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
});

/** The score of every check, oldest first (daily checks plus every "check now"). */
export function ScoreHistoryChart({ history }: { history: DomainHealth["history"] }) {
  return (
    <Paper withBorder radius="lg" p="lg" miw={0}>
      <Text fw={500} mb="md">
        Score history
      </Text>
      {history.length === 0 ? (
        <Center h={180}>
          <Text size="sm" c="dimmed">
            The chart fills in with each check.
          </Text>
        </Center>
      ) : (
        <LineChart
          h={200}
          data={history.map((h) => ({ label: label.format(new Date(h.checkedAt)), score: h.score }))}
          dataKey="label"
          series={[{ name: "score", label: "Score", color: "indigo.6" }]}
          yAxisProps={{ domain: [0, 100] }}
          curveType="linear"
          withDots
          data-testid="score-history"
          data-points={history.length}
        />
      )}
    </Paper>
  );
}
