/** Shapes of the /api/v1 leads endpoints, as the pages use them. */
export type LeadStatus = "active" | "unsubscribed" | "bounced";

export type Lead = {
  id: string;
  email: string;
  firstName: string | null;
  lastName: string | null;
  company: string | null;
  title: string | null;
  phone: string | null;
  website: string | null;
  customFields: Record<string, string>;
  status: LeadStatus;
  createdAt: string;
  updatedAt: string;
};

export type Page<T> = { data: T[]; total: number; page: number; pageSize: number };

export type LeadList = { id: string; name: string; leadCount: number; createdAt: string };

export type ImportRowError = { line: number; email?: string; reason: string };

export type LeadImport = {
  id: string;
  listId: string | null;
  filename: string;
  fileBytes: number;
  status: "pending" | "running" | "completed" | "failed";
  progress: number;
  rowsProcessed: number;
  imported: number;
  updated: number;
  duplicates: number;
  failed: number;
  errors: ImportRowError[];
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
};

export type CsvPreview = {
  filename: string;
  delimiter: string;
  headers: string[];
  mapping: Record<string, string>;
  rows: string[][];
};

export type Suppression = {
  id: string;
  kind: "email" | "domain";
  value: string;
  reason: "unsubscribed" | "bounced" | "blocked" | "complained";
  source: string | null;
  createdAt: string;
};

/** The lead fields a CSV column can fill, as people read them. */
export const leadFieldLabels: Record<string, string> = {
  email: "Email",
  firstName: "First name",
  lastName: "Last name",
  company: "Company",
  title: "Job title",
  phone: "Phone",
  website: "Website",
};

export const fullName = (l: Pick<Lead, "firstName" | "lastName">) =>
  [l.firstName, l.lastName].filter(Boolean).join(" ");
