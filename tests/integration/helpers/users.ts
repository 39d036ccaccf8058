import { HttpClient } from "./http-client";

let n = 0;
/** A distinct client address per simulated person, so log-in rate limits apply per person. */
export const nextIp = () => `10.0.${Math.floor(++n / 250)}.${(n % 250) + 1}`;

export async function signUp(
  baseUrl: string,
  opts: { email?: string; password?: string; name?: string } = {},
) {
  const email = opts.email ?? `user${Date.now()}${Math.random().toString(36).slice(2, 6)}@example.test`;
  const password = opts.password ?? "correct horse battery";
  const client = new HttpClient(baseUrl, { "x-forwarded-for": nextIp() });
  const res = await client.post("/api/auth/sign-up/email", {
    email,
    password,
    name: opts.name ?? "Test User",
  });
  if (res.status !== 200) throw new Error(`sign-up failed: ${res.status} ${await res.text()}`);
  const me = (await (await client.get("/api/v1/me")).json()) as { workspace: { id: string; name: string } };
  return { client, email, password, workspaceId: me.workspace.id };
}

export async function createKey(client: HttpClient, name = "test key") {
  const res = await client.post("/api/v1/api-keys", { name });
  if (res.status !== 201) throw new Error(`create key failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as { key: string; apiKey: { id: string; prefix: string } };
}
