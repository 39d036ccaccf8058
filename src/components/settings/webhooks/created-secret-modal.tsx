"use client";
import { Alert, Button, Code, Group, Modal, Stack, Text } from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";
import { CopyField } from "@/components/ui/copy-field";

/** Shows a new endpoint's signing secret, the one time the server ever sends it. */
export function CreatedSecretModal({
  created,
  onClose,
}: {
  created: { url: string; secret: string } | null;
  onClose: () => void;
}) {
  return (
    <Modal
      opened={created !== null}
      onClose={onClose}
      title="Your webhook signing secret"
      centered
      size="lg"
      closeOnClickOutside={false}
    >
      {created && (
        <Stack>
          <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} />} title="Copy it now">
            This is the only time the secret for {created.url} is shown. If you lose it, delete the endpoint
            and add it again.
          </Alert>
          <CopyField value={created.secret} label="Copy secret" testId="created-webhook-secret" />
          <Text size="sm" c="dimmed">
            Each request carries <Code>Coldframe-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex&gt;</Code>,
            where the hex is HMAC-SHA256 of <Code>&lt;t&gt;.&lt;raw body&gt;</Code> keyed with this secret.
            Refuse requests whose signature does not match or whose timestamp is more than five minutes old,
            and ignore event ids you have already handled.
          </Text>
          <Group justify="flex-end">
            <Button onClick={onClose}>I have stored it</Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
