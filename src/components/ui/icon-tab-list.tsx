"use client";
import { Tabs } from "@mantine/core";
import type { ComponentType, ReactNode } from "react";

export type IconTab = {
  value: string;
  label: ReactNode;
  icon: ComponentType<{ size?: number }>;
  /** shown after the label (a count) */
  right?: ReactNode;
};

/** The tab row of a page (leads, the campaign builder, settings, the shop): an icon and words each. */
export function IconTabList({ tabs, mb }: { tabs: readonly IconTab[]; mb?: string }) {
  return (
    <Tabs.List mb={mb}>
      {tabs.map(({ value, label, icon: Icon, right }) => (
        <Tabs.Tab key={value} value={value} leftSection={<Icon size={16} />} rightSection={right}>
          {label}
        </Tabs.Tab>
      ))}
    </Tabs.List>
  );
}
