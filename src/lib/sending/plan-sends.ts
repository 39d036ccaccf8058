/** A mailbox the tick may plan sends for (its row is locked). Times are epoch milliseconds. */
export type PlanMailbox = {
  id: string;
  /** the earliest moment its next email may leave: now, or later when its last gap runs on */
  start: number;
  /** at most this many sends this tick (its daily allowance left, or fewer when its gap is long) */
  maxSlots: number;
  /** the wait after each send, drawn anew each time (nextGap) */
  gap: () => number;
  /** its campaigns that this tick claims for */
  campaignIds: string[];
};

/** A campaign's rules for this tick: when it may send, and how many its daily cap still allows. */
export type PlanCampaign = { start: number; end: number; remaining: number };

/** A claimed, due campaign lead: `dueAt` is -Infinity when it never had a time set. */
export type PlanLead = { campaignId: string; dueAt: number; createdAt: number };

export type PlannedSend<L> = { lead: L; mailboxId: string; sendAt: number };

/**
 * Give each mailbox's sends of this tick a time and a lead: slots from its start, one gap apart,
 * before the horizon, within its daily allowance, inside a campaign's window and under that
 * campaign's daily cap, at most `budget` in all. Each slot goes to the mailbox's own follow-ups
 * first (they must stay in its thread, and they are late already), else to the most overdue new
 * lead of its open campaigns. Mailboxes are served in the order given. Pure: the caller locked
 * everything it passes in.
 */
export function planSends<L extends PlanLead>(input: {
  mailboxes: PlanMailbox[];
  campaigns: Map<string, PlanCampaign>;
  /** each mailbox's follow-ups, in claim order */
  bound: Map<string, L[]>;
  /** each campaign's leads no mailbox has written to yet, in claim order */
  unbound: Map<string, L[]>;
  horizon: number;
  budget: number;
}): { sends: PlannedSend<L>[]; nextSendAt: Map<string, number> } {
  const sends: PlannedSend<L>[] = [];
  const nextSendAt = new Map<string, number>();
  const taken = new Map<string, number>(); // how far each campaign's unbound list is used
  const head = (c: string) => input.unbound.get(c)?.[taken.get(c) ?? 0];
  const left = new Map([...input.campaigns].map(([id, c]) => [id, c.remaining]));
  let budget = input.budget;
  for (const mailbox of input.mailboxes) {
    const bound = [...(input.bound.get(mailbox.id) ?? [])];
    let t = mailbox.start;
    let used = 0;
    while (used < mailbox.maxSlots && budget > 0 && t < input.horizon) {
      const at = t;
      const open = (id: string) => {
        const c = input.campaigns.get(id);
        return !!c && left.get(id)! > 0 && c.start <= at && at < c.end;
      };
      let lead: L | undefined;
      const b = bound.findIndex((l) => open(l.campaignId));
      if (b >= 0) lead = bound.splice(b, 1)[0];
      else {
        let best: string | undefined;
        for (const id of mailbox.campaignIds) {
          const h = head(id);
          if (h && open(id) && (best === undefined || before(h, head(best)!))) best = id;
        }
        if (best !== undefined) {
          lead = head(best);
          taken.set(best, (taken.get(best) ?? 0) + 1);
        }
      }
      if (!lead) {
        // nothing may leave at `t`: wait for a campaign whose window opens later in this tick
        const later = mailbox.campaignIds
          .filter((id) => left.get(id)! > 0 && input.campaigns.get(id)!.start > t)
          .map((id) => input.campaigns.get(id)!.start);
        if (!later.length) break;
        t = Math.min(...later);
        continue;
      }
      left.set(lead.campaignId, left.get(lead.campaignId)! - 1);
      budget--;
      used++;
      sends.push({ lead, mailboxId: mailbox.id, sendAt: t });
      t += mailbox.gap();
    }
    if (used > 0) nextSendAt.set(mailbox.id, t);
  }
  return { sends, nextSendAt };
}

function before(a: PlanLead, b: PlanLead): boolean {
  return a.dueAt < b.dueAt || (a.dueAt === b.dueAt && a.createdAt < b.createdAt);
}
