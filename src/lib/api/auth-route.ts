import { installAppMail } from "@/lib/app-mail/install-app-mail";
import { getAuth } from "@/lib/auth";
import { env } from "@/lib/config/env";
import { AppError } from "@/lib/errors";
import { MAX_JSON_BYTES, readJsonBody } from "./read-request";

/**
 * Better Auth's endpoints (sign-up, sign-in, workspaces), behind the checks every other route has:
 * a JSON body is size-capped and free of NUL characters (PostgreSQL refuses them, and the library
 * would answer 500), and a workspace update with nothing in it is refused (the library runs an
 * UPDATE with no columns). Errors keep the library's own shape, `{ code, message }`, which its
 * client reads.
 */
// Better Auth's emails (verification, password reset, invitations) go through the app's mailers:
// a workspace's chosen mailbox, or the server's SYSTEM_SMTP_URL
installAppMail();

/** What a workspace update may change (the library drops other keys, then updates nothing). */
const updatable = ["name", "slug", "logo", "metadata"];

export async function handleAuthRequest(req: Request): Promise<Response> {
  return explainRefusedOrigin(req, await checkedAuthRequest(req));
}

async function checkedAuthRequest(req: Request): Promise<Response> {
  if (req.method !== "POST" || !req.headers.get("content-type")?.includes("application/json"))
    return getAuth().handler(req);
  let body: unknown;
  try {
    body = await readJsonBody(req, MAX_JSON_BYTES);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    return Response.json({ code: err.code.toUpperCase(), message: err.message }, { status: err.status });
  }
  const path = new URL(req.url).pathname;
  // the library writes a profile update as given: a null or non-text name breaks a NOT NULL column
  if (path.endsWith("/update-user")) {
    const { name, image } = (body ?? {}) as { name?: unknown; image?: unknown };
    if (
      (name !== undefined && (typeof name !== "string" || !name.trim())) ||
      (image !== undefined && image !== null && typeof image !== "string")
    )
      return Response.json(
        { code: "VALIDATION", message: "name must be non-empty text and image text or null" },
        { status: 400 },
      );
  }
  const data = (body as { data?: unknown } | null)?.data;
  if (
    path.endsWith("/organization/update") &&
    (typeof data !== "object" || data === null || !updatable.some((k) => k in data))
  ) {
    return Response.json(
      { code: "VALIDATION", message: "nothing to update: give data.name" },
      { status: 400 },
    );
  }
  const headers = new Headers(req.headers);
  headers.delete("content-length"); // the body is re-serialised
  return getAuth().handler(new Request(req.url, { method: req.method, headers, body: JSON.stringify(body) }));
}

/**
 * The library refuses a page served from an address other than APP_URL with a bare "Invalid
 * origin"; the usual cause is opening the app at another name than the one configured (a LAN
 * address, a proxy's name), so say which address was used, which one is expected, and the fix.
 */
async function explainRefusedOrigin(req: Request, res: Response): Promise<Response> {
  if (res.status !== 403) return res;
  const body = (await res
    .clone()
    .json()
    .catch(() => null)) as { code?: string; message?: string } | null;
  if (body?.message !== "Invalid origin") return res;
  const appUrl = env().APP_URL;
  const origin = req.headers.get("origin") ?? "another site";
  return Response.json(
    {
      code: body.code ?? "INVALID_ORIGIN",
      message: `this page was opened at ${origin}, but Coldframe's address is ${appUrl}: open it at ${appUrl}, or set APP_URL to the address you use and restart`,
    },
    { status: 403 },
  );
}
