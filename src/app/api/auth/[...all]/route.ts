import { handleAuthRequest } from "@/lib/api/auth-route";
import { getAuth } from "@/lib/auth";

// Better Auth's endpoints: sign-up, sign-in, sign-out, OAuth callbacks, workspaces (organizations).
export const GET = (req: Request) => getAuth().handler(req);
export const POST = (req: Request) => handleAuthRequest(req);
