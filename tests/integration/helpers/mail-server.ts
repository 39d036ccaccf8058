import { type ChildProcess, execFile, spawn } from "node:child_process";
import {
  appendFileSync,
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

/**
 * Real mail servers on loopback for one test file: Debian's Dovecot (IMAP with special-use
 * folders, LMTP delivery, SASL for Postfix) and a private Postfix instance (SMTP with AUTH,
 * delivery over LMTP). Everything lives in a temp dir on free ports; nothing of the system's own
 * mail configuration is read or changed. See ../shared/testing-services.md for why each setting.
 *
 * Every domain is a virtual mailbox domain: mail to a user added with `addUser` lands in their
 * INBOX; mail to anyone else is refused by Dovecot (550 5.1.1) and Postfix returns a genuine DSN
 * to the sender, as do the two bounce domains (hard 5.1.1 / soft 4.2.2, tried once).
 */
export type MailServer = {
  host: "127.0.0.1";
  smtpPort: number;
  imapPort: number;
  /** `x@bounce.test` → DSN with Status 5.1.1 ("user unknown") */
  bounceDomain: "bounce.test";
  /** `x@softbounce.test` → DSN with Status 4.2.2 ("mailbox full"), after one try */
  softBounceDomain: "softbounce.test";
  /** Create a mailbox with a password (SMTP AUTH and IMAP LOGIN); usable at once. */
  addUser: (email: string, password: string) => Promise<void>;
  /** The servers' logs so far, for failure messages. */
  logs: () => { postfix: string; dovecot: string };
  /** Stop both servers and every process they started; remove the temp dir. */
  stop: () => Promise<void>;
};

export const MAIL_SERVER_MISSING = "Postfix/Dovecot not found: run `bash scripts/install-test-services.sh`";

const BIN = {
  postfix: "/usr/sbin/postfix",
  postfixMaster: "/usr/lib/postfix/sbin/master",
  dovecot: "/usr/sbin/dovecot",
  doveadm: "/usr/bin/doveadm",
  imap: "/usr/lib/dovecot/imap",
  lmtp: "/usr/lib/dovecot/lmtp",
};
const MAIL_UID = 8; // Debian's `mail` user: Dovecot refuses to store mail as root
const run = promisify(execFile);

export type MailServerOptions = {
  /**
   * Also accept XOAUTH2/OAUTHBEARER logins (IMAP, and SMTP through Dovecot's SASL), checking each
   * access token at this RFC 7662 introspection URL, which answers `{ active, email }`.
   */
  oauth2IntrospectionUrl?: string;
  /**
   * Behave like Microsoft 365 for senders at these domains: Postfix's `header_checks` REPLACE the
   * Message-ID of their mail (ours is `<…@sender-domain>`) with a provider-style one on the way
   * through, and the provider files its own copy of what they sent — with the rewritten id and
   * every other header kept — into their Sent folder (`sender_bcc_maps` to `user+Sent@domain`,
   * which Dovecot's LMTP saves into the "Sent" mailbox). Nothing else is touched.
   */
  rewriteMessageIdsFor?: string[];
  /**
   * More Postfix transport map entries, domain → transport (e.g. `"full.test": "error:5.2.2
   * Mailbox full"`): mail to those domains gets a genuine DSN with that status and text.
   */
  transports?: Record<string, string>;
};

export async function startMailServer(opts: MailServerOptions = {}): Promise<MailServer> {
  if (!Object.values(BIN).every((f) => existsSync(f))) throw new Error(MAIL_SERVER_MISSING);
  if (process.getuid?.() !== 0)
    throw new Error("the test mail servers must run as root (Postfix refuses otherwise)");

  const dir = mkdtempSync(path.join(os.tmpdir(), "coldframe-mail-"));
  chmodSync(dir, 0o755); // Dovecot's mail processes (uid 8) must reach the mail dir
  const d = (...p: string[]) => path.join(dir, ...p);
  for (const sub of ["dovecot", "postfix", "log", "spool", "data"]) mkdirSync(d(sub));
  mkdirSync(d("mail"));
  chownSync(d("mail"), MAIL_UID, MAIL_UID);
  writeFileSync(d("dovecot", "users"), "");
  writeFileSync(d("log", "postfix.log"), "");
  writeFileSync(d("log", "dovecot.log"), "");

  const [smtpPort, imapPort, lmtpPort, authPort] = (await freePorts(4)) as [number, number, number, number];
  writeFileSync(
    d("dovecot", "dovecot.conf"),
    dovecotConf(dir, { imapPort, lmtpPort, authPort, oauth2: Boolean(opts.oauth2IntrospectionUrl) }),
  );
  if (opts.oauth2IntrospectionUrl) {
    writeFileSync(
      d("dovecot", "oauth2.conf.ext"),
      [
        "introspection_mode = post",
        `introspection_url = ${opts.oauth2IntrospectionUrl}`,
        "force_introspection = yes",
        "username_attribute = email",
        "active_attribute = active",
        "active_value = true",
        "",
      ].join("\n"),
    );
  }
  const rewrite = (opts.rewriteMessageIdsFor ?? []).map((domain) => {
    if (!/^[a-z0-9.-]+$/i.test(domain)) throw new Error(`rewriteMessageIdsFor: not a domain: ${domain}`);
    return domain.toLowerCase().replace(/\./g, "\\.");
  });
  // The provider keeps the last 12 characters of the local part (ours end in random hex) so each
  // rewritten id is unique, and drops everything else: nothing of our id can be matched in it.
  writeFileSync(
    d("postfix", "header_checks"),
    rewrite
      .map(
        (re) =>
          `/^Message-ID:[[:space:]]*<[^@>]*([0-9A-Za-z]{12})@${re}>/ REPLACE Message-ID: <AM0PR01MB$1@eurprd01.prod.outlook.com>\n`,
      )
      .join(""),
  );
  writeFileSync(
    d("postfix", "sender_bcc"),
    rewrite.map((re) => `/^([^+@]+)@(${re})$/ $1+Sent@$2\n`).join(""),
  );
  writeFileSync(d("postfix", "main.cf"), postfixMainCf(dir, { lmtpPort, authPort }));
  writeFileSync(d("postfix", "master.cf"), postfixMasterCf(smtpPort));
  writeFileSync(
    d("postfix", "transport"),
    "bounce.test error:5.1.1 user unknown\nsoftbounce.test retry:4.2.2 mailbox full\n" +
      Object.entries(opts.transports ?? {})
        .map(([domain, transport]) => {
          if (!/^[a-z0-9.-]+$/i.test(domain) || /[\r\n]/.test(transport))
            throw new Error(`transports: not a domain and transport: ${domain}`);
          return `${domain} ${transport}\n`;
        })
        .join(""),
  );

  const children: ChildProcess[] = [];
  const logs = () => ({
    postfix: readFileSync(d("log", "postfix.log"), "utf8"),
    dovecot: readFileSync(d("log", "dovecot.log"), "utf8"),
  });
  const killAll = (signal: NodeJS.Signals) => {
    // each server leads its own process group (detached), so this reaches every child it forked
    for (const c of children) if (c.pid && c.exitCode === null) tryKill(-c.pid, signal);
  };
  const onExit = () => killAll("SIGKILL");
  process.once("exit", onExit);

  const stop = async () => {
    process.removeListener("exit", onExit);
    killAll("SIGTERM");
    const deadline = Date.now() + 5000;
    while (children.some((c) => c.pid && groupAlive(c.pid)) && Date.now() < deadline) await sleep(50);
    killAll("SIGKILL");
    for (const c of children) if (c.pid) tryKill(-c.pid, "SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    children.push(spawnDetached(BIN.dovecot, ["-F", "-c", d("dovecot", "dovecot.conf")]));
    createQueue(d("spool"), d("data"));
    // The master in the foreground (-d) so we hold its pid; it signals its process group on SIGTERM.
    children.push(spawnDetached(BIN.postfixMaster, ["-d", "-c", d("postfix")]));
    await Promise.all([
      waitForGreeting(imapPort, "* OK"),
      waitForGreeting(lmtpPort, "220"),
      waitForGreeting(smtpPort, "220"),
    ]);
  } catch (err) {
    const tail = (s: string) => s.split("\n").slice(-15).join("\n");
    const { postfix, dovecot } = logs();
    await stop();
    throw new Error(
      `mail servers did not start: ${(err as Error).message}\n--- postfix\n${tail(postfix)}\n--- dovecot\n${tail(dovecot)}`,
    );
  }

  return {
    host: "127.0.0.1",
    smtpPort,
    imapPort,
    bounceDomain: "bounce.test",
    softBounceDomain: "softbounce.test",
    logs,
    stop,
    async addUser(email, password) {
      const user = email.trim().toLowerCase();
      if (!/^[^\s:@/]+@[^\s:@/]+$/.test(user)) throw new Error(`addUser: not a usable address: ${email}`);
      if (/[:\r\n]/.test(password)) throw new Error("addUser: the password may not contain ':' or a newline");
      appendFileSync(
        d("dovecot", "users"),
        `${user}:{PLAIN}${password}:${MAIL_UID}:${MAIL_UID}::${d("mail", user)}\n`,
      );
      // Dovecot looks at passwd-file for changes at most once a second: wait until it has the user,
      // so a login right after this cannot fail.
      const deadline = Date.now() + 5000;
      for (;;) {
        const found = await run(BIN.doveadm, ["-c", d("dovecot", "dovecot.conf"), "user", user]).then(
          () => true,
          () => false,
        );
        if (found) return;
        if (Date.now() > deadline) throw new Error(`addUser: Dovecot does not see ${user}`);
        await sleep(100);
      }
    },
  };
}

function dovecotConf(
  dir: string,
  p: { imapPort: number; lmtpPort: number; authPort: number; oauth2: boolean },
) {
  const folder = (name: string, use: string) =>
    `  mailbox ${name} {\n    special_use = \\${use}\n    auto = subscribe\n  }`;
  return `# generated by tests/integration/helpers/mail-server.ts
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/log/dovecot.log
listen = 127.0.0.1
protocols = imap lmtp
# mail to user+Sent@… lands in their Sent folder (how the provider files its own sent copy)
recipient_delimiter = +
lmtp_save_to_detail_mailbox = yes
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login${p.oauth2 ? " xoauth2 oauthbearer" : ""}
auth_failure_delay = 0
mail_location = maildir:~/Maildir
first_valid_uid = ${MAIL_UID}
default_login_user = mail
default_internal_user = mail
mail_max_userip_connections = 100
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%Lu ${dir}/dovecot/users
  mechanisms = plain login
}${
    p.oauth2
      ? `
passdb {
  driver = oauth2
  mechanisms = xoauth2 oauthbearer
  args = ${dir}/dovecot/oauth2.conf.ext
}`
      : ""
  }
userdb {
  driver = passwd-file
  args = username_format=%Lu ${dir}/dovecot/users
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${p.imapPort}
  }
  inet_listener imaps {
    port = 0
  }
}
service lmtp {
  inet_listener lmtp {
    address = 127.0.0.1
    port = ${p.lmtpPort}
  }
}
# no growing delay after failed logins from loopback: tests fail logins on purpose
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
service auth {
  inet_listener {
    address = 127.0.0.1
    port = ${p.authPort}
  }
}
namespace inbox {
  inbox = yes
  separator = /
${folder("Sent", "Sent")}
${folder("Junk", "Junk")}
${folder("Drafts", "Drafts")}
${folder("Trash", "Trash")}
}
`;
}

function postfixMainCf(dir: string, p: { lmtpPort: number; authPort: number }) {
  return `# generated by tests/integration/helpers/mail-server.ts
compatibility_level = 3.6
queue_directory = ${dir}/spool
data_directory = ${dir}/data
meta_directory = /etc/postfix
shlib_directory = /usr/lib/postfix
maillog_file = ${dir}/log/postfix.log
maillog_file_prefixes = /var, /dev/stdout, ${dir}/log
myhostname = mail.coldframe.test
mydomain = coldframe.test
myorigin = $myhostname
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
mydestination =
alias_maps =
alias_database =
local_transport = error:5.1.1 local delivery is disabled
# Every domain is ours: known users get mail over LMTP, Dovecot refuses the rest (a real 5.1.1).
virtual_mailbox_domains = regexp:{{/./ OK}}
virtual_transport = lmtp:inet:127.0.0.1:${p.lmtpPort}
transport_maps = texthash:${dir}/postfix/transport
smtpd_reject_unlisted_recipient = no
# A soft failure is tried once, then returned to the sender as a DSN (Status 4.x.x) at once.
maximal_queue_lifetime = 0
bounce_queue_lifetime = 0
smtpd_sasl_type = dovecot
smtpd_sasl_path = inet:127.0.0.1:${p.authPort}
smtpd_sasl_auth_enable = yes
smtpd_tls_security_level = none
smtpd_relay_restrictions = permit_sasl_authenticated reject_unauth_destination
disable_dns_lookups = yes
smtp_dns_support_level = disabled
# Message-IDs rewritten in transit for some sender domains, and their sent copies filed (see options)
header_checks = regexp:${dir}/postfix/header_checks
nested_header_checks =
sender_bcc_maps = regexp:${dir}/postfix/sender_bcc
`;
}

/** Debian's master.cf without chroot (nothing is copied into a jail) and SMTP on our port. */
function postfixMasterCf(smtpPort: number) {
  const services = [
    `127.0.0.1:${smtpPort} inet n - n - - smtpd`,
    "pickup unix n - n 60 1 pickup",
    "cleanup unix n - n - 0 cleanup",
    "qmgr unix n - n 300 1 qmgr",
    "tlsmgr unix - - n 1000? 1 tlsmgr",
    "rewrite unix - - n - - trivial-rewrite",
    "bounce unix - - n - 0 bounce",
    "defer unix - - n - 0 bounce",
    "trace unix - - n - 0 bounce",
    "verify unix - - n - 1 verify",
    "flush unix n - n 1000? 0 flush",
    "proxymap unix - - n - - proxymap",
    "proxywrite unix - - n - 1 proxymap",
    "smtp unix - - n - - smtp",
    "relay unix - - n - - smtp",
    "showq unix n - n - - showq",
    "error unix - - n - - error",
    "retry unix - - n - - error",
    "discard unix - - n - - discard",
    "lmtp unix - - n - - lmtp",
    "anvil unix - - n - 1 anvil",
    "scache unix - - n - 1 scache",
    "postlog unix-dgram n - n - 1 postlogd",
  ];
  return `${services.join("\n")}\n`;
}

/**
 * The queue directories with the owners and modes of Postfix's postfix-files, made directly:
 * `postfix set-permissions create-missing` does the same but walks every Postfix file (3 s).
 */
function createQueue(queueDir: string, dataDir: string) {
  const postfix = systemId("/etc/passwd", "postfix");
  const postdrop = systemId("/etc/group", "postdrop");
  const queues: [string, number, number][] = [
    ...[
      "active",
      "bounce",
      "corrupt",
      "defer",
      "deferred",
      "flush",
      "hold",
      "incoming",
      "private",
      "saved",
      "trace",
    ].map((q): [string, number, number] => [q, 0o700, 0]),
    ["maildrop", 0o730, postdrop],
    ["public", 0o710, postdrop],
  ];
  for (const [name, mode, gid] of queues) {
    mkdirSync(path.join(queueDir, name), { mode });
    chmodSync(path.join(queueDir, name), mode);
    chownSync(path.join(queueDir, name), postfix, gid);
  }
  mkdirSync(path.join(queueDir, "pid"), { mode: 0o755 });
  chmodSync(dataDir, 0o700);
  chownSync(dataDir, postfix, 0);
}

/** The numeric id of a system user or group, from /etc/passwd or /etc/group. */
function systemId(file: string, name: string): number {
  const line = readFileSync(file, "utf8")
    .split("\n")
    .find((l) => l.startsWith(`${name}:`));
  if (!line) throw new Error(`${MAIL_SERVER_MISSING} (no "${name}" in ${file})`);
  return Number(line.split(":")[2]);
}

function spawnDetached(cmd: string, args: string[]): ChildProcess {
  const child = spawn(cmd, args, { detached: true, stdio: "ignore" });
  child.on("error", () => {});
  child.unref(); // a test that forgets stop() must not hang its worker; the exit hook kills it
  return child;
}

function tryKill(pid: number, signal: NodeJS.Signals) {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Distinct free loopback ports, held together until all are chosen so they differ. */
async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: n }, () => {
      const s = net.createServer();
      return new Promise<net.Server>((r) => s.listen(0, "127.0.0.1", () => r(s)));
    }),
  );
  const ports = servers.map((s) => (s.address() as net.AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

/** Wait until a server on the port sends its greeting line. */
async function waitForGreeting(port: number, prefix: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  while (Date.now() < deadline) {
    const line = await new Promise<string>((resolve) => {
      const sock = net.connect(port, "127.0.0.1");
      let buf = "";
      const done = (v: string) => {
        sock.destroy();
        resolve(v);
      };
      sock.setTimeout(2000, () => done(""));
      sock.on("data", (c) => {
        buf += c.toString();
        if (buf.includes("\n")) done(buf);
      });
      sock.on("error", (e) => done(`error: ${e.message}`));
    });
    if (line.startsWith(prefix)) return;
    last = line.trim();
    await sleep(100);
  }
  throw new Error(`nothing answered "${prefix}" on 127.0.0.1:${port} (last: ${last || "no answer"})`);
}
