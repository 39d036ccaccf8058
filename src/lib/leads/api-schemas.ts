import { z } from "zod";
import {
  campaignLeadStatuses,
  importStatuses,
  leadStatuses,
  suppressionKinds,
  suppressionReasons,
} from "@/lib/db/schema";
import { leadFields, MAX_CUSTOM_FIELD_NAME, MAX_CUSTOM_FIELDS } from "./column-mapping";
import { MAX_FIELD_LENGTH } from "./validate-row";

// Request and response shapes of the leads API (routes parse with them; OpenAPI is built from them).

const text = (max: number) => z.string().trim().max(max);
const optionalText = (max: number) => text(max).nullable().optional();
const page = z.coerce.number().int().min(1).default(1);
const pageSize = z.coerce.number().int().min(1).max(200).default(50);
const customFields = z
  .record(z.string().trim().min(1).max(MAX_CUSTOM_FIELD_NAME), z.string().max(MAX_FIELD_LENGTH))
  .refine((r) => Object.keys(r).length <= MAX_CUSTOM_FIELDS, `at most ${MAX_CUSTOM_FIELDS} custom fields`)
  .describe("extra fields by name, used as template variables ({{name}})");

export const Lead = z
  .object({
    id: z.string(),
    email: z.string(),
    firstName: z.string().nullable(),
    lastName: z.string().nullable(),
    company: z.string().nullable(),
    title: z.string().nullable(),
    phone: z.string().nullable(),
    website: z.string().nullable(),
    customFields: z.record(z.string(), z.string()),
    status: z.enum(leadStatuses),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: "Lead" });
export const LeadDetail = Lead.extend({ listIds: z.array(z.string()) }).meta({ id: "LeadDetail" });

export const leadActivityTypes = [
  "added_to_campaign",
  "email_queued",
  "email_sent",
  "email_bounced",
  "email_failed",
  "email_unknown",
  "opened",
  "clicked",
  "replied",
  "auto_replied",
  "bounce_notice",
  "complained",
  "asked_to_unsubscribe",
  "other_message",
  "you_replied",
  "suppressed",
] as const;

export const LeadActivityItem = z
  .object({
    id: z.string().describe("the entry's own id: the email's, the message's, the open's or click's"),
    at: z.string().describe("ISO time"),
    type: z.enum(leadActivityTypes),
    campaignId: z.string().nullable(),
    campaignName: z.string().nullable(),
    step: z.number().nullable().describe("the campaign step of an email, from 1"),
    subject: z.string().nullable(),
    detail: z
      .string()
      .nullable()
      .describe("the sending mailbox, an error, a clicked URL, a reply's intent, a bounce's type and reason"),
    messageId: z.string().nullable().describe("the inbox message, for messages"),
    threadKey: z.string().nullable().describe("the inbox thread, for messages"),
  })
  .meta({ id: "LeadActivityItem" });
export type LeadActivityItem = z.infer<typeof LeadActivityItem>;

export const LeadActivity = z
  .object({
    leadId: z.string(),
    email: z.string(),
    addedAt: z.string(),
    suppressed: z
      .object({
        reason: z.enum(suppressionReasons),
        kind: z.enum(suppressionKinds),
        source: z.string().nullable(),
        at: z.string(),
      })
      .nullable()
      .describe("set when the address (or its whole domain) is never emailed again"),
    campaigns: z.array(
      z.object({
        campaignId: z.string(),
        campaignName: z.string(),
        campaignStatus: z.string(),
        status: z.enum(campaignLeadStatuses).describe("where the lead stands in that campaign"),
        nextStep: z.number(),
        stepCount: z.number(),
        nextSendAt: z.string().nullable().describe("when the next step is due, while queued"),
        outOfOfficeUntil: z.string().nullable(),
        stoppedReason: z.string().nullable(),
        addedAt: z.string(),
        lastSentAt: z.string().nullable(),
      }),
    ),
    timeline: z.array(LeadActivityItem).describe("newest first, at most 200 entries"),
  })
  .meta({ id: "LeadActivity" });
export type LeadActivity = z.infer<typeof LeadActivity>;

export const LeadPage = z
  .object({ data: z.array(Lead), total: z.number(), page: z.number(), pageSize: z.number() })
  .meta({ id: "LeadPage" });

export const LeadQuery = z.object({
  search: z.string().max(200).optional().describe("part of the email, name or company"),
  status: z.enum(leadStatuses).optional(),
  listId: z.string().optional().describe("only leads on this list"),
  page,
  pageSize,
});

const leadFieldsInput = {
  firstName: optionalText(200),
  lastName: optionalText(200),
  company: optionalText(300),
  title: optionalText(300),
  phone: optionalText(100),
  website: optionalText(500),
  customFields: customFields.optional(),
};
export const CreateLead = z
  .strictObject({
    email: z.string().max(320),
    ...leadFieldsInput,
    listIds: z.array(z.string()).max(50).optional(),
  })
  .meta({ id: "CreateLead" });
export const UpdateLead = z
  .strictObject({
    email: z.string().max(320).optional(),
    ...leadFieldsInput,
    status: z.enum(leadStatuses).optional(),
  })
  .meta({ id: "UpdateLead" });

export const LeadList = z
  .object({ id: z.string(), name: z.string(), leadCount: z.number(), createdAt: z.string() })
  .meta({ id: "LeadList" });
export const LeadListList = z.object({ data: z.array(LeadList) }).meta({ id: "LeadListList" });
export const CreateLeadList = z.strictObject({ name: text(100).min(1) }).meta({ id: "CreateLeadList" });
export const UpdateLeadList = z.strictObject({ name: text(100).min(1) }).meta({ id: "UpdateLeadList" });
export const LeadIds = z
  .strictObject({ leadIds: z.array(z.string()).min(1).max(1000) })
  .meta({ id: "LeadIds" });
export const ListMembershipChange = z
  .object({ added: z.number().optional(), removed: z.number().optional() })
  .meta({ id: "ListMembershipChange" });

const ImportRowError = z.object({ line: z.number(), email: z.string().optional(), reason: z.string() });
export const LeadImport = z
  .object({
    id: z.string(),
    listId: z.string().nullable(),
    filename: z.string(),
    fileBytes: z.number(),
    mapping: z.record(z.string(), z.string()),
    status: z.enum(importStatuses),
    progress: z.number().describe("0 to 1, by bytes read"),
    bytesProcessed: z.number(),
    rowsProcessed: z.number(),
    imported: z.number().describe("new leads"),
    updated: z.number().describe("existing leads merged with the file's values"),
    duplicates: z.number().describe("rows repeating an email seen earlier in the file (skipped)"),
    failed: z.number().describe("rows that could not be imported"),
    errors: z.array(ImportRowError).describe("the first 1000 skipped rows with their line and reason"),
    error: z.string().nullable().describe("why the whole import failed"),
    createdAt: z.string(),
    finishedAt: z.string().nullable(),
  })
  .meta({ id: "LeadImport" });
export const LeadImportList = z.object({ data: z.array(LeadImport) }).meta({ id: "LeadImportList" });

const mappingDoc =
  "JSON object CSV header → target: one of " +
  `${leadFields.join(", ")}, "custom:<name>" or "ignore"; columns left out keep the detected mapping`;
export const LeadImportUpload = z
  .object({
    file: z.file().describe("the CSV (UTF-8; `,` or `;` separated; first line names the columns)"),
    listId: z.string().optional().describe("add the leads to this list"),
    listName: z.string().optional().describe("or to a new list with this name"),
    mapping: z.string().optional().describe(mappingDoc),
  })
  .meta({ id: "LeadImportUpload" });
export const LeadImportPreviewUpload = z
  .object({ file: z.file().describe("the CSV, or its first 64 KB") })
  .meta({ id: "LeadImportPreviewUpload" });
export const LeadImportPreview = z
  .object({
    filename: z.string(),
    delimiter: z.string(),
    headers: z.array(z.string()),
    mapping: z.record(z.string(), z.string()).describe("the detected mapping, header → target"),
    rows: z.array(z.array(z.string())).describe("the first rows, values in header order"),
  })
  .meta({ id: "LeadImportPreview" });

export const Suppression = z
  .object({
    id: z.string(),
    kind: z.enum(suppressionKinds),
    value: z.string().describe("a lower-cased email, or a domain (covers its subdomains)"),
    reason: z.enum(suppressionReasons),
    source: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: "Suppression" });
export const SuppressionPage = z
  .object({ data: z.array(Suppression), total: z.number(), page: z.number(), pageSize: z.number() })
  .meta({ id: "SuppressionPage" });
export const SuppressionQuery = z.object({
  search: z.string().max(200).optional(),
  kind: z.enum(suppressionKinds).optional(),
  page,
  pageSize,
});
export const CreateSuppression = z
  .strictObject({
    value: z.string().trim().min(1).max(320).describe("an email address, or a domain such as example.com"),
    kind: z.enum(suppressionKinds).optional().describe("detected from the value when left out"),
    reason: z.enum(suppressionReasons).default("blocked"),
  })
  .meta({ id: "CreateSuppression" });
export const SuppressionResult = z
  .object({ suppression: Suppression, created: z.boolean().describe("false when it was already suppressed") })
  .meta({ id: "SuppressionResult" });
