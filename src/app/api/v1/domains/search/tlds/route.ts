import { apiRoute } from "@/lib/api/handler";
import { searchTlds } from "@/lib/domains/search-tlds";

export const GET = apiRoute({}, async () => ({ defaults: searchTlds() }));
