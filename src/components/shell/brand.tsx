import { Group, Text, ThemeIcon } from "@mantine/core";
import { IconMailFast } from "@tabler/icons-react";

/** The product mark: icon and name. */
export function Brand({ size = "md" }: { size?: "md" | "lg" }) {
  const lg = size === "lg";
  return (
    <Group gap={8} wrap="nowrap">
      <ThemeIcon
        size={lg ? 38 : 30}
        radius="md"
        variant="gradient"
        gradient={{ from: "indigo.7", to: "cyan.6", deg: 135 }}
      >
        <IconMailFast size={lg ? 22 : 18} stroke={1.8} />
      </ThemeIcon>
      <Text fw={700} fz={lg ? 24 : 18} lh={1} style={{ letterSpacing: "-0.02em" }}>
        Coldframe
      </Text>
    </Group>
  );
}
