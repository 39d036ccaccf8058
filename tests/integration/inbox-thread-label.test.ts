import { describe, expect, it } from "vitest";
import { createPersonalWorkspace } from "../../src/lib/auth/personal-workspace";
import { getDb } from "../../src/lib/db/client";
import { inboxMessages, users } from "../../src/lib/db/schema";
import { listThreads } from "../../src/lib/inbox/list-threads";
import { makeMailbox } from "./fixtures/campaign-fixtures";

/** A workspace and a mailbox whose inbox holds the given threads (message rows, oldest first). */
async function inboxWith(threads: Record<string, Partial<typeof inboxMessages.$inferInsert>[]>) {
  const db = getDb();
  const userId = crypto.randomUUID();
  const email = `owner-${userId.slice(0, 8)}@example.test`;
  await db.insert(users).values({ id: userId, name: "Owner", email });
  const { id: workspaceId } = await createPersonalWorkspace(db, { userId, userName: "Owner", email });
  const mailbox = await makeMailbox(workspaceId, 25);
  let minute = 0;
  const rows = Object.entries(threads).flatMap(([key, messages]) =>
    messages.map((m, i) => ({
      id: `${workspaceId}-${key}${i + 1}`,
      workspaceId,
      mailboxId: mailbox.id,
      folder: "inbox" as const,
      messageId: `<${key}${i + 1}-${workspaceId}@t.test>`,
      threadKey: key,
      receivedAt: new Date(Date.UTC(2026, 10, 1, 12, ++minute)),
      category: "reply" as const,
      ...m,
    })),
  );
  await db.insert(inboxMessages).values(rows);
  const list = async (filter: { category?: "reply" | "auto_reply" | "other"; intent?: "interested" } = {}) =>
    (await listThreads(db, workspaceId, { page: 1, pageSize: 50, ...filter })).data.map((d) => ({
      thread: d.id.replace(`${workspaceId}-`, "").replace(/\d+$/, ""),
      category: d.category,
      intent: d.intent,
    }));
  return { list };
}

describe("a thread's label is its strongest signal, and a person's label wins", () => {
  it("an interested reply followed by a plain “thanks” stays interested, and the Interested filter finds it", async () => {
    const inbox = await inboxWith({
      t: [{ intent: "interested" }, { intent: "other" }],
    });
    expect(await inbox.list()).toEqual([{ thread: "t", category: "reply", intent: "interested" }]);
    expect(await inbox.list({ intent: "interested" })).toHaveLength(1);
  });

  it("an out-of-office followed by an unclassified message stays an auto-reply", async () => {
    const inbox = await inboxWith({ o: [{ category: "auto_reply" }, { category: "other" }] });
    expect(await inbox.list({ category: "auto_reply" })).toEqual([
      { thread: "o", category: "auto_reply", intent: null },
    ]);
    expect(await inbox.list({ category: "other" })).toEqual([]);
  });

  it("a human reply outranks an out-of-office before or after it", async () => {
    const inbox = await inboxWith({
      a: [{ category: "auto_reply" }, { intent: "other" }],
      b: [{ intent: "other" }, { category: "auto_reply" }],
    });
    expect(await inbox.list()).toEqual([
      { thread: "b", category: "reply", intent: "other" },
      { thread: "a", category: "reply", intent: "other" },
    ]);
    expect(await inbox.list({ category: "auto_reply" })).toEqual([]);
  });

  it("between two definite intents the later one labels the thread", async () => {
    const inbox = await inboxWith({ c: [{ intent: "interested" }, { intent: "not_interested" }] });
    expect(await inbox.list()).toEqual([{ thread: "c", category: "reply", intent: "not_interested" }]);
    expect(await inbox.list({ intent: "interested" })).toEqual([]);
  });

  it("a label set by hand wins over every rule, even on an earlier message", async () => {
    const inbox = await inboxWith({
      d: [{ intent: "other", categorySource: "manual" }, { intent: "interested" }],
    });
    expect(await inbox.list()).toEqual([{ thread: "d", category: "reply", intent: "other" }]);
    expect(await inbox.list({ intent: "interested" })).toEqual([]);
  });
});
