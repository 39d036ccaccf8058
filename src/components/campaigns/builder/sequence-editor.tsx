"use client";
import { Alert, Button, Stack } from "@mantine/core";
import { IconInfoCircle, IconPlus } from "@tabler/icons-react";
import { FeatureEmptyState } from "@/components/ui/feature-empty-state";
import { emptyStep, type StepDraft } from "./sequence-draft";
import { StepCard } from "./step-card";
import { TemplateHint } from "./template-hint";
import { useCustomFields } from "./use-custom-fields";

type Props = { steps: StepDraft[]; readOnly: boolean; onChange: (steps: StepDraft[]) => void };

/** The steps in order; each change replaces the whole array the builder saves. */
export function SequenceEditor({ steps, readOnly, onChange }: Props) {
  const customFields = useCustomFields();
  const move = (i: number, by: -1 | 1) => {
    const next = [...steps];
    const [step] = next.splice(i, 1);
    if (step) next.splice(i + by, 0, step);
    onChange(next);
  };
  const add = () => onChange([...steps, emptyStep(steps.length === 0)]);

  return (
    <Stack gap="md">
      {readOnly && (
        <Alert color="blue" icon={<IconInfoCircle size={18} />}>
          The campaign is sending: pause it to change its steps. Schedule, options and mailboxes can change at
          any time.
        </Alert>
      )}
      {steps.length === 0 && (
        <FeatureEmptyState
          icon={<IconPlus size={28} stroke={1.5} />}
          title="No steps yet"
          description="Start with the first email; add follow-ups that wait a few days and reply in the same thread."
        />
      )}
      {steps.length > 0 && !readOnly && <TemplateHint />}
      {steps.map((s, i) => (
        <StepCard
          key={s.key}
          step={s}
          index={i}
          count={steps.length}
          customFields={customFields}
          readOnly={readOnly}
          onChange={(next) => onChange(steps.map((x) => (x.key === s.key ? next : x)))}
          onMove={(by) => move(i, by)}
          onRemove={() => onChange(steps.filter((x) => x.key !== s.key))}
        />
      ))}
      {!readOnly && steps.length < 20 && (
        <Button
          variant="default"
          leftSection={<IconPlus size={16} />}
          onClick={add}
          style={{ alignSelf: "flex-start" }}
        >
          {steps.length === 0 ? "Add the first email" : "Add follow-up step"}
        </Button>
      )}
    </Stack>
  );
}
