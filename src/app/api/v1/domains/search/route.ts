import { apiRoute } from "@/lib/api/handler";
import { getDb } from "@/lib/db/client";
import { searchDomains } from "@/lib/domains/search-domains";
import { SearchRequest } from "@/lib/domains/shop-schemas";

// 200, not 201: a search creates nothing
export const POST = apiRoute({ body: SearchRequest }, ({ caller, body }) =>
  searchDomains(getDb(), caller.workspaceId, body),
);
