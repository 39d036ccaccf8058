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
 * lead of its open campaigns. Mailboxes take one slot each in turn (in the order given), so a
 * campaign's cap and the budget are shared across its mailboxes rather than used up by the first.
 * Pure: the caller locked everything it passes in.
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
  const left = new Map([...input.campaigns].map(([id, c]) => [id, c.remaining]));
  const taken = new Map<string, number>(); // how far each campaign's unbound list is used
  const head = (c: string) => input.unbound.get(c)?.[taken.get(c) ?? 0];
  let budget = input.budget;

  /** Place the mailbox's next send; false when it has no more this tick. */
  const next = (s: { mailbox: PlanMailbox; t: number; used: number; bound: L[] }): boolean => {
    const { mailbox } = s;
    while (s.used < mailbox.maxSlots && budget > 0 && s.t < input.horizon) {
      const at = s.t;
      const open = (id: string) => {
        const c = input.campaigns.get(id);
        return !!c && left.get(id)! > 0 && c.start <= at && at < c.end;
      };
      let lead: L | undefined;
      const b = s.bound.findIndex((l) => open(l.campaignId));
      if (b >= 0) lead = s.bound.splice(b, 1)[0];
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
          .filter((id) => left.get(id)! > 0 && input.campaigns.get(id)!.start > at)
          .map((id) => input.campaigns.get(id)!.start);
        if (!later.length) return false;
        s.t = Math.min(...later);
        continue;
      }
      left.set(lead.campaignId, left.get(lead.campaignId)! - 1);
      budget--;
      s.used++;
      sends.push({ lead, mailboxId: mailbox.id, sendAt: at });
      s.t = at + mailbox.gap();
      nextSendAt.set(mailbox.id, s.t);
      return true;
    }
    return false;
  };

  let turn = input.mailboxes.map((mailbox) => ({
    mailbox,
    t: mailbox.start,
    used: 0,
    bound: [...(input.bound.get(mailbox.id) ?? [])],
  }));
  while (turn.length && budget > 0) turn = turn.filter(next);
  return { sends, nextSendAt };
}

function before(a: PlanLead, b: PlanLead): boolean {
  return a.dueAt < b.dueAt || (a.dueAt === b.dueAt && a.createdAt < b.createdAt);
}
