import { parseArgs } from "node:util";
import { createApiKeyCommand, createUserCommand } from "@/lib/cli/commands";
import { inboxClassifyCommand } from "@/lib/cli/inbox-classify";
import { EnvError } from "@/lib/config/env";
import { closeDatabase, getDb, initDatabase } from "@/lib/db/client";
import { runMigrations } from "@/lib/db/migrate";
import { AppError } from "@/lib/errors";
import { stopProducer } from "@/lib/queue/enqueue";

const usage = `Coldframe operator commands: npm run cli -- <command> [options]

  user:create --email EMAIL --password PASSWORD [--name NAME] [--workspace NAME]
      Create a user (and their workspace, named NAME if given). Prints JSON.
  apikey:create --email EMAIL [--name KEY_NAME] [--workspace WORKSPACE_ID]
      Create an API key for the user's workspace. Prints the key (shown once).
  db:migrate
      Apply database migrations.
  inbox:classify FILE.eml...
      Classify messages as the inbox sync would (reply, auto-reply, bounce, unsubscribe request),
      from the files alone, no database. Prints one JSON line per file.

The database is DATABASE_URL, or the embedded one in DATA_DIR (default .data), the same one
a running \`npm start\` uses.`;

const commands: Record<string, (args: string[]) => Promise<void>> = {
  "user:create": async (args) => {
    const { values } = parse(args, { email: true, password: true, name: false, workspace: false });
    if (values.password!.length < 8)
      throw new AppError("validation", "--password must be at least 8 characters");
    const result = await createUserCommand(getDb(), {
      email: values.email!,
      password: values.password!,
      name: values.name,
      workspace: values.workspace,
    });
    console.log(JSON.stringify(result));
  },
  "apikey:create": async (args) => {
    const { values } = parse(args, { email: true, name: false, workspace: false });
    const result = await createApiKeyCommand(getDb(), {
      email: values.email!,
      name: values.name,
      workspaceId: values.workspace,
    });
    console.log(result.key);
  },
  "db:migrate": async () => {
    await runMigrations(process.env.DATABASE_URL!);
    console.log("migrations applied");
  },
};

/** Commands that work on files alone: run without a database, for support and debugging. */
const offlineCommands: Record<string, (args: string[]) => Promise<void>> = {
  "inbox:classify": async (args) => {
    if (!args.length) throw new AppError("validation", "missing FILE.eml");
    if (!(await inboxClassifyCommand(args))) process.exitCode = 1;
  },
};

function parse(args: string[], spec: Record<string, boolean>) {
  const { values, positionals } = parseArgs({
    args,
    options: Object.fromEntries(Object.keys(spec).map((k) => [k, { type: "string" as const }])),
    strict: true,
    allowPositionals: true,
  });
  if (positionals.length) throw new AppError("validation", `unexpected argument: ${positionals[0]}`);
  const missing = Object.entries(spec)
    .filter(([k, required]) => required && !values[k])
    .map(([k]) => `--${k}`);
  if (missing.length) throw new AppError("validation", `missing ${missing.join(", ")}`);
  return { values: values as Record<string, string | undefined> };
}

async function main() {
  const [name, ...args] = process.argv.slice(2);
  if (!name || name === "help" || name === "--help") {
    console.log(usage);
    return;
  }
  const offline = offlineCommands[name];
  if (offline) return offline(args);
  const command = commands[name];
  if (!command) throw new AppError("validation", `unknown command "${name}"\n\n${usage}`);
  const url = await initDatabase();
  if (name !== "db:migrate") await runMigrations(url);
  await command(args);
}

main()
  .then(async () => {
    await stopProducer();
    await closeDatabase();
  })
  .catch(async (err) => {
    const known =
      err instanceof AppError ||
      err instanceof EnvError ||
      (err as { code?: string }).code?.startsWith("ERR_PARSE_ARGS");
    console.error(`error: ${known ? (err as Error).message : String((err as Error)?.stack ?? err)}`);
    await closeDatabase().catch(() => {});
    process.exit(1);
  });
