import type { CampaignView, StepPayload } from "../types";

/** The builder's editable copy of a variant; `id` is kept so sent emails stay linked to it. */
export type VariantDraft = {
  key: string;
  id?: string;
  weight: number;
  subject: string;
  bodyHtml: string;
  bodyText: string;
};

export type DelayUnit = "days" | "hours";

export type StepDraft = {
  key: string;
  id?: string;
  delay: number;
  unit: DelayUnit;
  newThread: boolean;
  variants: VariantDraft[];
};

/** The builder offers A/B/C; the API allows up to five variants a step. */
export const MAX_VARIANTS = 3;
export const variantLabel = (index: number) => String.fromCharCode(65 + index);

const newKey = () => crypto.randomUUID();

export const emptyVariant = (): VariantDraft => ({
  key: newKey(),
  weight: 1,
  subject: "",
  bodyHtml: "",
  bodyText: "",
});

export const emptyStep = (first: boolean): StepDraft => ({
  key: newKey(),
  delay: first ? 0 : 3,
  unit: "days",
  newThread: false,
  variants: [emptyVariant()],
});

/** Whole days when the delay divides into days, hours otherwise. */
export function splitDelay(minutes: number): { delay: number; unit: DelayUnit } {
  if (minutes % 1440 === 0) return { delay: minutes / 1440, unit: "days" };
  return { delay: Math.round(minutes / 6) / 10, unit: "hours" };
}

export const delayMinutes = (s: Pick<StepDraft, "delay" | "unit">) =>
  Math.round(s.delay * (s.unit === "days" ? 1440 : 60));

export function toDrafts(steps: CampaignView["steps"]): StepDraft[] {
  return steps.map((s) => ({
    key: s.id,
    id: s.id,
    ...splitDelay(s.delayMinutes),
    newThread: s.newThread,
    variants: s.variants.map((v) => ({
      key: v.id,
      id: v.id,
      weight: v.weight,
      subject: v.subject,
      bodyHtml: v.bodyHtml,
      bodyText: v.bodyText,
    })),
  }));
}

/** The `steps` array PATCH expects: every step and variant in order, with their ids. */
export function toPayload(steps: StepDraft[]): StepPayload[] {
  return steps.map((s, i) => ({
    id: s.id,
    delayMinutes: i === 0 ? 0 : delayMinutes(s),
    newThread: s.newThread,
    variants: s.variants.map(({ key: _key, ...v }) => v),
  }));
}
