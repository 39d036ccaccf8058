"use client";
import { Button, Tabs } from "@mantine/core";
import { IconAddressBook, IconBan, IconFileImport, IconList, IconUpload } from "@tabler/icons-react";
import { useCallback, useState } from "react";
import { IconTabList } from "@/components/ui/icon-tab-list";
import { canManage, type Me } from "@/components/ui/me";
import { PageHeader } from "@/components/ui/page-header";
import { useApi } from "@/components/ui/use-api";
import { ImportModal } from "./import/import-modal";
import { ImportsPanel } from "./imports-panel";
import { LeadsTable } from "./leads-table";
import { ListsPanel } from "./lists-panel";
import { SuppressionPanel } from "./suppression-panel";
import type { LeadList } from "./types";

/** The leads page: leads, lists, imports and the suppression list, and the CSV import flow. */
export function LeadsWorkspace() {
  const me = useApi<Me>("/api/v1/me");
  const lists = useApi<{ data: LeadList[] }>("/api/v1/lead-lists");
  const [tab, setTab] = useState<string | null>("leads");
  const [listId, setListId] = useState<string | null>(null);
  const [importing, setImporting] = useState(false);
  // bumped when an import finishes, so the tables fetch again
  const [version, setVersion] = useState(0);
  const { reload: reloadLists } = lists;
  const imported = useCallback(() => {
    setVersion((v) => v + 1);
    void reloadLists();
  }, [reloadLists]);

  return (
    <>
      <PageHeader
        title="Leads"
        description="The people your campaigns write to, with the fields your templates fill in."
        actions={
          <Button leftSection={<IconUpload size={16} />} onClick={() => setImporting(true)}>
            Import CSV
          </Button>
        }
      />
      <Tabs value={tab} onChange={setTab} mb="lg" keepMounted={false}>
        <IconTabList
          mb="lg"
          tabs={[
            { value: "leads", label: "Leads", icon: IconAddressBook },
            { value: "lists", label: "Lists", icon: IconList },
            { value: "imports", label: "Imports", icon: IconFileImport },
            { value: "suppression", label: "Suppression", icon: IconBan },
          ]}
        />
        <Tabs.Panel value="leads">
          <LeadsTable
            lists={lists.data?.data ?? []}
            listId={listId}
            onListChange={setListId}
            version={version}
          />
        </Tabs.Panel>
        <Tabs.Panel value="lists">
          <ListsPanel
            lists={lists.data?.data ?? []}
            onChanged={reloadLists}
            onOpen={(l) => {
              setListId(l.id);
              setTab("leads");
            }}
          />
        </Tabs.Panel>
        <Tabs.Panel value="imports">
          <ImportsPanel version={version} />
        </Tabs.Panel>
        <Tabs.Panel value="suppression">
          <SuppressionPanel canLift={canManage(me.data?.role)} />
        </Tabs.Panel>
      </Tabs>
      <ImportModal
        opened={importing}
        lists={lists.data?.data ?? []}
        onClose={() => setImporting(false)}
        onImported={imported}
      />
    </>
  );
}
