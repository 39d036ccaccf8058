"use client";
import { Box, Flex, Skeleton } from "@mantine/core";
import { IconInbox, IconMailOpened } from "@tabler/icons-react";
import { useCallback, useEffect, useState } from "react";
import { FeatureEmptyState } from "@/components/ui/feature-empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { useApi } from "@/components/ui/use-api";
import { CheckMailButton } from "./check-mail-button";
import { InboxFilters } from "./inbox-filters";
import { ThreadList } from "./thread-list";
import { ThreadView } from "./thread-view";
import { type InboxFilters as Filters, noFilters, type Page, type ThreadSummary } from "./types";

const PAGE_SIZE = 50;

function query(f: Filters, page: number): string {
  const params = new URLSearchParams({ page: String(page), pageSize: String(PAGE_SIZE) });
  if (f.view === "interested") params.set("intent", "interested");
  else if (f.view === "unlinked") params.set("linked", "false");
  else if (f.view !== "all") params.set("category", f.view);
  if (f.campaignId) params.set("campaignId", f.campaignId);
  if (f.mailboxId) params.set("mailboxId", f.mailboxId);
  if (f.unread) params.set("unread", "true");
  return params.toString();
}

/** The unified inbox: filters and threads on the left, the open thread on the right. */
export function InboxWorkspace() {
  const [filters, setFilters] = useState<Filters>(noFilters);
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<string | null>(null);
  // `/inbox?thread=<message id>` opens that conversation (links from a lead's history)
  useEffect(() => {
    const thread = new URLSearchParams(window.location.search).get("thread");
    if (thread) setSelected(thread);
  }, []);
  const threads = useApi<Page<ThreadSummary>>(`/api/v1/inbox/threads?${query(filters, page)}`);
  const { reload } = threads;
  const refresh = useCallback(() => void reload(), [reload]);
  const filtered = JSON.stringify(filters) !== JSON.stringify(noFilters);
  const empty = !filtered && threads.data?.total === 0;
  const firstLoad = !threads.data && !threads.error;

  return (
    <>
      <PageHeader
        title="Inbox"
        description="Every reply from every mailbox in one place, linked to the campaign and lead it answers."
        actions={<CheckMailButton onChecked={refresh} />}
      />
      {firstLoad ? (
        <Skeleton h={400} radius="lg" />
      ) : empty ? (
        <FeatureEmptyState
          icon={<IconInbox size={28} stroke={1.5} />}
          title="No messages yet"
          description="Replies to your campaigns appear here, with auto-replies, bounces and unsubscribe requests sorted out and each reply linked to its lead and campaign."
          hint="Every connected mailbox's INBOX and Junk folders are read every minute; “Check for new mail” reads them now."
        />
      ) : (
        <>
          <InboxFilters
            value={filters}
            onChange={(next) => {
              setFilters(next);
              setPage(1);
            }}
          />
          <Flex gap="md" align="flex-start" direction={{ base: "column", md: "row" }}>
            <Box w={{ base: "100%", md: 380 }} style={{ flexShrink: 0 }}>
              <ThreadList
                threads={threads.data}
                error={threads.error}
                page={page}
                pageSize={PAGE_SIZE}
                onPage={setPage}
                selectedId={selected}
                onSelect={setSelected}
              />
            </Box>
            <Box style={{ flex: 1, minWidth: 0 }} w="100%">
              {selected ? (
                <ThreadView key={selected} threadId={selected} onChanged={refresh} />
              ) : (
                <FeatureEmptyState
                  icon={<IconMailOpened size={28} stroke={1.5} />}
                  title="No conversation selected"
                  description="Pick a conversation on the left to read it, sort it and reply."
                />
              )}
            </Box>
          </Flex>
        </>
      )}
    </>
  );
}
