import { apiRoute } from "@/lib/api/handler";
import { buildOpenApiDocument } from "@/lib/api/openapi";
import { env } from "@/lib/config/env";

export const GET = apiRoute({ auth: false }, async () => buildOpenApiDocument(env().APP_URL));
