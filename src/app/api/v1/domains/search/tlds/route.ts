import { apiRoute } from "@/lib/api/handler";
import { defaultTlds } from "@/lib/domains/search";

export const GET = apiRoute({}, async () => ({ defaults: defaultTlds() }));
