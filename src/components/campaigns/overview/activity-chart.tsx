"use client";
import { BarChart } from "@mantine/charts";
import { Center, Paper, Text } from "@mantine/core";
import type { CampaignAnalytics } from "../types";

const series = [
  { name: "sent", label: "Sent", color: "indigo.6" },
  { name: "opened", label: "Opened", color: "teal.6" },
  { name: "clicked", label: "Clicked", color: "cyan.6" },
  { name: "replied", label: "Replied", color: "grape.6" },
  { name: "bounced", label: "Bounced", color: "red.6" },
];
const MIN_DAYS = 14;
const DAY_MS = 86_400_000;
const label = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric", timeZone: "UTC" });
const zero = { sent: 0, opened: 0, clicked: 0, replied: 0, bounced: 0, unsubscribed: 0 };

/**
 * Every day from the first activity (or two weeks back) to today in the campaign's zone, with
 * the quiet days as zeros: the API lists only days that had events, which would draw a lone dot.
 */
function fillDays(daily: CampaignAnalytics["daily"], timezone: string) {
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: timezone }).format(new Date());
  const end = Date.parse(`${today}T00:00:00Z`);
  const first = daily[0] ? Date.parse(`${daily[0].date}T00:00:00Z`) : end;
  const start = Math.min(first, end - (MIN_DAYS - 1) * DAY_MS);
  const byDate = new Map(daily.map((d) => [d.date, d]));
  const days = [];
  for (let t = start; t <= end; t += DAY_MS) {
    const date = new Date(t).toISOString().slice(0, 10);
    days.push({ ...zero, ...byDate.get(date), label: label.format(t) });
  }
  return days;
}

/**
 * Emails and outcomes per day, in the campaign's time zone, as bars side by side: a day's counts
 * as they are (a smoothed line would rise before the first send), and two series with the same
 * count both stay visible.
 */
export function ActivityChart({ daily, timezone }: { daily: CampaignAnalytics["daily"]; timezone: string }) {
  return (
    <Paper withBorder radius="lg" p="lg">
      <Text fw={500} mb="md">
        Activity by day
      </Text>
      {daily.length === 0 ? (
        <Center h={200}>
          <Text size="sm" c="dimmed">
            Nothing sent yet: the chart fills in as the campaign sends.
          </Text>
        </Center>
      ) : (
        <BarChart
          h={260}
          data={fillDays(daily, timezone)}
          dataKey="label"
          series={series}
          withLegend
          legendProps={{ verticalAlign: "bottom", height: 40 }}
          barProps={{ radius: 2 }}
          data-testid="activity-chart"
        />
      )}
    </Paper>
  );
}
