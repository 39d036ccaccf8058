import { Paper, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";

export function AuthCard({
  title,
  subtitle,
  children,
}: {
  title: string;
  subtitle: string;
  children: ReactNode;
}) {
  return (
    <Paper withBorder shadow="sm" p="xl" radius="lg">
      <Title order={2} fz="h3" mb={4}>
        {title}
      </Title>
      <Text c="dimmed" size="sm" mb="lg">
        {subtitle}
      </Text>
      {children}
    </Paper>
  );
}
