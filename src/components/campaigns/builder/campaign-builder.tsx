"use client";
import { Alert, Skeleton, Tabs } from "@mantine/core";
import { IconCalendarTime, IconEye, IconListNumbers, IconMailbox, IconUsers } from "@tabler/icons-react";
import { useEffect, useState } from "react";
import { api } from "@/components/ui/api";
import { IconTabList } from "@/components/ui/icon-tab-list";
import { notifyError } from "@/components/ui/notify";
import { type BuilderTab, LaunchProblems } from "../launch-problems";
import { StatusActions } from "../status-actions";
import type { CampaignView } from "../types";
import { BuilderHeader } from "./builder-header";
import { LeadsPanel } from "./leads-panel";
import { MailboxesPanel } from "./mailboxes-panel";
import { PreviewPanel } from "./preview-panel";
import { ScheduleForm } from "./schedule-form";
import { SequenceEditor } from "./sequence-editor";
import { useCampaignDraft } from "./use-campaign-draft";

type Props = { id: string; initialTab?: BuilderTab };

/** The campaign builder: sequence, preview, schedule, mailboxes and leads, one save for all. */
export function CampaignBuilder({ id, initialTab = "sequence" }: Props) {
  const draft = useCampaignDraft(id);
  const [tab, setTab] = useState<BuilderTab>(initialTab);
  const [problems, setProblems] = useState<string[]>([]);
  const { campaign, settings, dirty } = draft;

  // a reload or closed tab would lose unsaved edits: let the browser ask first
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);

  if (draft.error)
    return (
      <Alert color="red" title="Could not load the campaign">
        {draft.error}
      </Alert>
    );
  if (!campaign || !settings) return <Skeleton h={400} radius="lg" />;

  const save = async () => {
    try {
      await draft.save();
    } catch (err) {
      notifyError(err, "Could not save the campaign");
      throw err;
    }
  };
  const trySave = () => void save().catch(() => {});
  const refreshCampaign = async () => draft.refresh(await api<CampaignView>(`/api/v1/campaigns/${id}`));
  const locked = campaign.status === "completed";

  return (
    <>
      <BuilderHeader
        campaign={campaign}
        dirty={dirty}
        saving={draft.saving}
        onSave={trySave}
        actions={
          <StatusActions
            campaign={campaign}
            before={save}
            onChanged={draft.refresh}
            onProblems={setProblems}
          />
        }
      />
      <LaunchProblems problems={problems} onFix={(t) => setTab(t)} onClose={() => setProblems([])} />
      {locked && (
        <Alert color="blue" mb="lg">
          This campaign is completed: every lead has been through the sequence. It can no longer change.
        </Alert>
      )}
      <Tabs value={tab} onChange={(v) => v && setTab(v as BuilderTab)} keepMounted={false}>
        <IconTabList
          mb="lg"
          tabs={[
            { value: "sequence", label: "Sequence", icon: IconListNumbers },
            { value: "preview", label: "Preview", icon: IconEye },
            { value: "schedule", label: "Schedule", icon: IconCalendarTime },
            { value: "mailboxes", label: `Mailboxes (${draft.mailboxIds.length})`, icon: IconMailbox },
            { value: "leads", label: `Leads (${campaign.leadCount.toLocaleString()})`, icon: IconUsers },
          ]}
        />
        <Tabs.Panel value="sequence">
          <SequenceEditor
            steps={draft.steps}
            readOnly={campaign.status === "active" || locked}
            onChange={draft.setSteps}
          />
        </Tabs.Panel>
        <Tabs.Panel value="preview">
          <PreviewPanel campaign={campaign} dirty={dirty} saving={draft.saving} onSave={trySave} />
        </Tabs.Panel>
        <Tabs.Panel value="schedule">
          <ScheduleForm settings={settings} onChange={draft.setSettings} />
        </Tabs.Panel>
        <Tabs.Panel value="mailboxes">
          <MailboxesPanel selected={draft.mailboxIds} onChange={draft.setMailboxIds} />
        </Tabs.Panel>
        <Tabs.Panel value="leads">
          <LeadsPanel
            campaignId={id}
            leadCount={campaign.leadCount}
            readOnly={locked}
            onAdded={refreshCampaign}
          />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}
