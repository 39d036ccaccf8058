"use client";
import { useCallback, useEffect, useMemo, useState } from "react";
import { api } from "@/components/ui/api";
import type { CampaignPatch, CampaignView } from "../types";
import { type StepDraft, toDrafts, toPayload } from "./sequence-draft";

export type SettingsDraft = Pick<
  CampaignView,
  | "name"
  | "timezone"
  | "sendDays"
  | "sendStartMinute"
  | "sendEndMinute"
  | "dailyCap"
  | "stopOnReply"
  | "stopOnCompanyReply"
  | "trackOpens"
  | "trackClicks"
  | "plainTextOnly"
>;

const settingsOf = (c: CampaignView): SettingsDraft => ({
  name: c.name,
  timezone: c.timezone,
  sendDays: [...c.sendDays].sort(),
  sendStartMinute: c.sendStartMinute,
  sendEndMinute: c.sendEndMinute,
  dailyCap: c.dailyCap,
  stopOnReply: c.stopOnReply,
  stopOnCompanyReply: c.stopOnCompanyReply,
  trackOpens: c.trackOpens,
  trackClicks: c.trackClicks,
  plainTextOnly: c.plainTextOnly,
});

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const sorted = (ids: string[]) => [...ids].sort();

/**
 * The builder's state: the saved campaign and an editable copy of its sequence, settings and
 * mailboxes. `save()` sends one PATCH with only the sections that changed (steps cannot change
 * while the campaign is active, so an untouched sequence is never sent).
 */
export function useCampaignDraft(id: string) {
  const [campaign, setCampaign] = useState<CampaignView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [steps, setSteps] = useState<StepDraft[]>([]);
  const [settings, setSettings] = useState<SettingsDraft | null>(null);
  const [mailboxIds, setMailboxIds] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);

  const adopt = useCallback((c: CampaignView) => {
    setCampaign(c);
    setSteps(toDrafts(c.steps));
    setSettings(settingsOf(c));
    setMailboxIds(sorted(c.mailboxIds));
  }, []);

  const reload = useCallback(async () => {
    try {
      adopt(await api<CampaignView>(`/api/v1/campaigns/${id}`));
      setError(null);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  }, [id, adopt]);

  useEffect(() => {
    void reload();
  }, [reload]);

  const changes = useMemo((): CampaignPatch => {
    if (!campaign || !settings) return {};
    const patch: CampaignPatch = {};
    const saved = settingsOf(campaign);
    for (const key of Object.keys(saved) as (keyof SettingsDraft)[]) {
      if (!same(saved[key], settings[key])) Object.assign(patch, { [key]: settings[key] });
    }
    const payload = toPayload(steps);
    if (!same(toPayload(toDrafts(campaign.steps)), payload)) patch.steps = payload;
    if (!same(sorted(campaign.mailboxIds), sorted(mailboxIds))) patch.mailboxIds = mailboxIds;
    return patch;
  }, [campaign, settings, steps, mailboxIds]);
  const dirty = Object.keys(changes).length > 0;

  /** PATCH what changed; resolves to the saved campaign, rejects with the API's error. */
  const save = useCallback(async () => {
    if (!campaign) throw new Error("the campaign is not loaded yet");
    if (!dirty) return campaign;
    setSaving(true);
    try {
      const saved = await api<CampaignView>(`/api/v1/campaigns/${id}`, { method: "PATCH", body: changes });
      adopt(saved);
      return saved;
    } finally {
      setSaving(false);
    }
  }, [campaign, changes, dirty, id, adopt]);

  return {
    campaign,
    error,
    steps,
    setSteps,
    settings,
    setSettings,
    mailboxIds,
    setMailboxIds,
    dirty,
    saving,
    save,
    reload,
    /** take a newer saved campaign (after a launch or added leads) and keep the edits */
    refresh: setCampaign,
  };
}

export type CampaignDraft = ReturnType<typeof useCampaignDraft>;
