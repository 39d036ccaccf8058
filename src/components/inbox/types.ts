export type Category = "reply" | "auto_reply" | "bounce" | "complaint" | "unsubscribe_request" | "other";
export type Bounce = {
  type: "hard" | "soft" | "block";
  reason: string | null;
  status: string | null;
  recipient: string | null;
  diagnostic: string | null;
};
export type Intent = "interested" | "not_interested" | "meeting_request" | "wrong_person" | "other";
export type Person = { email: string; name: string | null };
export type Ref = { id: string; name: string };
export type ThreadLead = { id: string; email: string; name: string | null; status: string | null };

export type ThreadSummary = {
  id: string;
  subject: string | null;
  lastMessageAt: string;
  messageCount: number;
  unread: boolean;
  snippet: string | null;
  from: Person;
  category: Category;
  intent: Intent | null;
  mailbox: { id: string; email: string };
  campaign: Ref | null;
  lead: ThreadLead | null;
};

export type ThreadMessage = {
  id: string;
  direction: "outbound" | "inbound";
  from: Person;
  to: string[];
  subject: string | null;
  date: string;
  text: string;
  html: string | null;
  category: Category | null;
  intent: Intent | null;
  linkMethod: string | null;
  /** the campaign email a received message answers */
  sentEmailId?: string | null;
  /** a "wrong person" reply's suggested contact */
  referral?: string | null;
  bounce?: Bounce | null;
  isRead: boolean;
};

export type Thread = {
  id: string;
  subject: string | null;
  mailbox: { id: string; email: string };
  campaign: Ref | null;
  lead: ThreadLead | null;
  messages: ThreadMessage[];
};

export type Page<T> = { data: T[]; total: number; page: number; pageSize: number };

/** The list's filters; `view` is the category tab, where "interested" filters by intent. */
export type InboxFilters = {
  view: string;
  campaignId: string | null;
  mailboxId: string | null;
  unread: boolean;
};

export const noFilters: InboxFilters = { view: "all", campaignId: null, mailboxId: null, unread: false };

export const views = [
  { value: "all", label: "All" },
  { value: "reply", label: "Replies" },
  { value: "interested", label: "Interested" },
  { value: "auto_reply", label: "Auto-replies" },
  { value: "bounce", label: "Bounces" },
  { value: "complaint", label: "Complaints" },
  { value: "unsubscribe_request", label: "Unsubscribe requests" },
  { value: "unlinked", label: "Unlinked" },
];

/** How a received message was linked to its lead, in words. */
export const linkMethodLabels: Record<string, string> = {
  in_reply_to: "by its In-Reply-To header (our Message-ID)",
  references: "by its References header (the id the provider gave our email)",
  dsn: "by the bounced email attached to it",
  x_headers: "by our X-Campaign-ID and X-Lead-ID headers",
  sender: "by the sender's address (the lead this mailbox last emailed)",
  manual: "by hand",
};

export const categoryLabels: Record<Category, string> = {
  reply: "Reply",
  auto_reply: "Auto-reply",
  bounce: "Bounce",
  complaint: "Spam complaint",
  unsubscribe_request: "Unsubscribe request",
  other: "Other",
};

export const intentLabels: Record<Intent, string> = {
  interested: "Interested",
  not_interested: "Not interested",
  meeting_request: "Meeting request",
  wrong_person: "Wrong person",
  other: "Other reply",
};

export function displayName(p: Person): string {
  return p.name?.trim() || p.email;
}

const time = new Intl.DateTimeFormat(undefined, { timeStyle: "short" });
const day = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric" });

/** Today's messages by time, older ones by day, like a mail client's list. */
export function shortTime(value: string): string {
  const d = new Date(value);
  return d.toDateString() === new Date().toDateString() ? time.format(d) : day.format(d);
}
