import { readFileSync } from "node:fs";
import path from "node:path";
import { inject } from "vitest";
import { type RunningApp, sharedApp } from "../e2e/shared-app";
import { Client, freshSourceIp } from "./client";

let running: RunningApp | undefined;

/** The app under attack: started by the first file of the run that asks, shared by the others. */
export async function startSecurityApp(): Promise<RunningApp> {
  running ??= await sharedApp(inject("securityStateDir"), "plain");
  return running;
}

export const app = (): RunningApp => {
  if (!running) throw new Error("call startSecurityApp() in a beforeAll first");
  return running;
};

export type Person = {
  client: Client;
  /** the same person through an API key of theirs */
  api: Client;
  email: string;
  password: string;
  userId: string;
  workspaceId: string;
  key: string;
};

let n = 0;
export const uniqueEmail = (tag: string) => `${tag}.${Date.now().toString(36)}${++n}@people.example`;

/** Sign up through the public endpoint, as a stranger would, and mint an API key. */
export async function signUp(
  tag = "person",
  opts: { email?: string; withKey?: boolean } = {},
): Promise<Person> {
  const client = new Client(app().baseUrl, freshSourceIp());
  const email = opts.email ?? uniqueEmail(tag);
  const password = "correct horse battery staple";
  const res = await client.post("/api/auth/sign-up/email", { email, password, name: `Test ${tag}` });
  if (res.status !== 200) throw new Error(`sign-up failed: ${res.status} ${res.text}`);
  const me = (await client.get("/api/v1/me")).json() as {
    user: { id: string };
    workspace: { id: string };
  };
  let key = "";
  if (opts.withKey !== false) {
    const k = await client.post("/api/v1/api-keys", { name: `${tag} key` });
    if (k.status !== 201) throw new Error(`API key failed: ${k.status} ${k.text}`);
    key = (k.json() as { key: string }).key;
  }
  return {
    client,
    api: key ? client.withKey(key) : client,
    email,
    password,
    userId: me.user.id,
    workspaceId: me.workspace.id,
    key,
  };
}

/** The app's own secrets and database, for tests that must set up a state no API allows. */
export function appSecrets(): { APP_ENCRYPTION_KEY: string; AUTH_SECRET: string } {
  return JSON.parse(readFileSync(path.join(app().dataDir, "secrets.json"), "utf8"));
}

/** Never a 500 and never a stack trace, whatever was sent. */
export function assertNoCrash(res: { status: number; text: string }, what: string): void {
  if (res.status >= 500 && res.status !== 503)
    throw new Error(`${what} answered ${res.status}: ${res.text.slice(0, 300)}`);
  if (/\n\s+at .+\(.+:\d+:\d+\)|node_modules\/|\/src\/lib\/|webpack-internal/.test(res.text))
    throw new Error(`${what} leaked a stack trace or source path: ${res.text.slice(0, 300)}`);
}
