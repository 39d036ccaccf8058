"use client";
import { Alert, Anchor, List, Text } from "@mantine/core";
import { IconPlugConnectedX } from "@tabler/icons-react";
import Link from "next/link";
import type { ShopReadiness } from "./types";

/**
 * What the domain shop still needs on this server (a registrar, payments), each with where it is
 * set; nothing when the shop is ready.
 */
export function ShopReadinessAlert({
  readiness,
  onProvidersPage = false,
}: {
  readiness: ShopReadiness | null | undefined;
  /** shown on Settings → Domain providers itself: no link to the page the reader is on */
  onProvidersPage?: boolean;
}) {
  if (!readiness || readiness.ready) return null;
  return (
    <Alert
      color="yellow"
      title="The domain shop is not set up yet"
      icon={<IconPlugConnectedX size={18} />}
      data-testid="shop-readiness"
    >
      <List size="sm" spacing={6}>
        {readiness.missing.map((m) => (
          <List.Item key={m.part} data-part={m.part}>
            {m.message}
            {m.part === "registrar" && !onProvidersPage && (
              <>
                {" "}
                <Anchor component={Link} href="/settings/providers" size="sm" fw={500}>
                  Open Domain providers →
                </Anchor>
              </>
            )}
          </List.Item>
        ))}
      </List>
      <Text size="xs" c="dimmed" mt="xs">
        Domains bought elsewhere can still be added and set up on the Domains page.
      </Text>
    </Alert>
  );
}
