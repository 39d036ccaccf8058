import * as S from "@/lib/leads/api-schemas";
import { operationsOf } from "./operations-of";
import type { Operation } from "./types";

const multipart = "multipart/form-data";
const leads = operationsOf("Leads");
const leadImports = operationsOf("Lead imports");
const leadLists = operationsOf("Lead lists");
const suppressions = operationsOf("Suppressions");

export const leadsOperations: Operation[] = [
  leads.get("/api/v1/leads", "List leads (search, status, list; paginated)", {
    query: S.LeadQuery,
    response: S.LeadPage,
  }),
  leads.post("/api/v1/leads", "Create a lead (409 if the email exists)", {
    body: S.CreateLead,
    response: S.LeadDetail,
    status: 201,
  }),
  leads.get("/api/v1/leads/{id}", "Get a lead", { response: S.LeadDetail }),
  leads.get(
    "/api/v1/leads/{id}/activity",
    "A lead's history: its campaigns, suppression, and a timeline of emails, opens, clicks and messages",
    { response: S.LeadActivity },
  ),
  leads.patch("/api/v1/leads/{id}", "Update a lead", { body: S.UpdateLead, response: S.LeadDetail }),
  leads.del("/api/v1/leads/{id}", "Delete a lead", { status: 204, role: "admin" }),
  leadImports.post(
    "/api/v1/lead-imports",
    "Upload a CSV and start importing it (poll the import for progress)",
    { body: S.LeadImportUpload, bodyContentType: multipart, response: S.LeadImport, status: 201 },
  ),
  leadImports.get("/api/v1/lead-imports", "List recent imports", { response: S.LeadImportList }),
  leadImports.post(
    "/api/v1/lead-imports/preview",
    "Detect the columns of a CSV and show its first rows (nothing is imported)",
    { body: S.LeadImportPreviewUpload, bodyContentType: multipart, response: S.LeadImportPreview },
  ),
  leadImports.get("/api/v1/lead-imports/{id}", "An import's progress and bad rows", {
    response: S.LeadImport,
  }),
  leadLists.get("/api/v1/lead-lists", "List lead lists with their sizes", { response: S.LeadListList }),
  leadLists.post("/api/v1/lead-lists", "Create a lead list", {
    body: S.CreateLeadList,
    response: S.LeadList,
    status: 201,
  }),
  leadLists.get("/api/v1/lead-lists/{id}", "Get a lead list", { response: S.LeadList }),
  leadLists.patch("/api/v1/lead-lists/{id}", "Rename a lead list", {
    body: S.UpdateLeadList,
    response: S.LeadList,
  }),
  leadLists.del("/api/v1/lead-lists/{id}", "Delete a lead list (its leads stay)", {
    status: 204,
    role: "admin",
  }),
  leadLists.get("/api/v1/lead-lists/{id}/leads", "Leads on a list", {
    query: S.LeadQuery,
    response: S.LeadPage,
  }),
  leadLists.post("/api/v1/lead-lists/{id}/leads", "Add leads to a list", {
    body: S.LeadIds,
    response: S.ListMembershipChange,
    status: 201,
  }),
  leadLists.del("/api/v1/lead-lists/{id}/leads", "Take leads off a list", {
    body: S.LeadIds,
    response: S.ListMembershipChange,
  }),
  suppressions.get("/api/v1/suppressions", "List suppressed emails and domains", {
    query: S.SuppressionQuery,
    response: S.SuppressionPage,
  }),
  suppressions.post("/api/v1/suppressions", "Suppress an email or a whole domain (idempotent)", {
    body: S.CreateSuppression,
    response: S.SuppressionResult,
    status: 201,
  }),
  suppressions.del("/api/v1/suppressions/{id}", "Lift a suppression (admin)", { status: 204, role: "admin" }),
];
