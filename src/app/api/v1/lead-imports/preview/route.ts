import { apiRoute } from "@/lib/api/handler";
import { previewLeadImport } from "@/lib/leads/preview-lead-import";

export const POST = apiRoute({}, ({ req }) => previewLeadImport(req));
