/**
 * Genuine bounces of other real MTAs than the installed Postfix (Exim, OpenSMTPD, Sendmail, Courier) for
 * the classifier's fixtures. Each MTA's Debian package is unpacked, not installed
 * (scripts/extract-mtas.sh: they conflict with Postfix as packages), and run from there with its
 * own config file. A campaign-style email per case goes through it to a receiver that answers the
 * way real receivers do, and the bounce the MTA returns to the sender is captured and written to
 * tests/integration/fixtures/emails/bounces/<mta>-generated-<case>.eml.
 *
 * Everything runs in a private network namespace (`unshare --net`: only loopback exists, so
 * nothing can leave the machine) and mount namespace (the MTAs' compiled-in spool directories,
 * resolv.conf and the system users they insist on are private copies; the system's files are
 * never changed, except for the empty directory OpenSMTPD chroots into, /var/lib/opensmtpd/empty). In it, a small DNS server on 127.0.0.1:53 answers for the test domains (and
 * NXDOMAIN for everything else: the "host unknown" case), the receiver listens on 127.0.0.2:25 and
 * the sender's domain's mail server (which keeps the bounces) on 127.0.0.3:25.
 *
 * Run as root: `scripts/extract-mtas.sh && npx tsx scripts/generate-mta-bounces.ts [exim opensmtpd sendmail courier]`.
 * Not run by CI: the fixtures are committed.
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import dgram from "node:dgram";
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import nodemailer from "nodemailer";

const ROOT = process.env.MTA_ROOT ?? "/var/cache/coldframe-mtas";
const OUT = path.resolve(import.meta.dirname, "../tests/integration/fixtures/emails/bounces");
const SENDER = "alex@outreach-coldframe.test";
const CAMPAIGN = "7d3f1c2a-8b4e-4f6a-9c1d-2e5b7a9f0c11";
/** how long a deferred message may wait before the MTA gives up (each MTA's config uses it) */
const EXPIRE_SECONDS = 20;
/** how long before the MTA warns that a message is delayed */
const WARN_SECONDS = 5;

// ---------------------------------------------------------------------------------------------
// Into the namespaces: the script runs itself again under unshare.
if (!process.env.COLDFRAME_MTA_NAMESPACE) {
  const self = fileURLToPath(import.meta.url);
  const r = spawnSync(
    "unshare",
    [
      "--net",
      "--mount",
      "--uts",
      "--propagation",
      "private",
      process.execPath,
      ...process.execArgv,
      self,
      ...process.argv.slice(2),
    ],
    { stdio: "inherit", env: { ...process.env, COLDFRAME_MTA_NAMESPACE: "1" } },
  );
  process.exit(r.status ?? 1);
}

/**
 * The cases: the recipient's local part decides the receiver's answer (real receivers' wording:
 * Gmail's documented multi-line replies, Postfix's reject_rbl_client and quota texts).
 */
/** `warning`: the notice wanted is the MTA's delay warning, not the final bounce */
type Case = { name: string; to: string; note: string; warning?: boolean };
const CASES: Case[] = [
  { name: "user-unknown", to: "unknown@receiver.test", note: "RCPT answered 550 5.1.1 (Gmail's text)" },
  { name: "mailbox-full", to: "full@receiver.test", note: "RCPT answered 552 5.2.2 mailbox full" },
  {
    name: "blocklisted",
    to: "blocked@receiver.test",
    note: "RCPT answered 554 5.7.1 blocked using zen.spamhaus.org",
  },
  { name: "dmarc", to: "dmarc@receiver.test", note: "RCPT answered 550 5.7.26 (Gmail's DMARC text)" },
  { name: "spam-rejected", to: "spam@receiver.test", note: "end of DATA answered 550 5.7.1 spam" },
  {
    name: "expired",
    to: "later@receiver.test",
    note: "RCPT answered 452 4.2.2 every time, queue lifetime shortened to {queue lifetime}",
  },
  { name: "host-unknown", to: "jordan@no-such-host.test", note: "the domain does not exist (NXDOMAIN)" },
  {
    name: "delayed-greylisted",
    to: "slow@receiver.test",
    note: `RCPT answered 451 4.7.1 (Postgrey's text) every time, the delay warning sent after ${WARN_SECONDS}s`,
    warning: true,
  },
];

const RCPT_REPLIES: Record<string, string[]> = {
  unknown: [
    "550-5.1.1 The email account that you tried to reach does not exist. Please try",
    "550-5.1.1 double-checking the recipient's email address for typos or",
    "550 5.1.1 unnecessary spaces. https://support.google.com/mail/?p=NoSuchUser",
  ],
  full: ["552 5.2.2 <full@receiver.test>: Recipient address rejected: Mailbox full, quota exceeded"],
  blocked: [
    "554 5.7.1 Service unavailable; Client host [127.0.0.1] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/127.0.0.1",
  ],
  dmarc: [
    "550-5.7.26 Unauthenticated email from outreach-coldframe.test is not accepted due to",
    "550-5.7.26 domain's DMARC policy. Please contact the administrator of",
    "550 5.7.26 outreach-coldframe.test domain if this was a legitimate mail.",
  ],
  later: ["452 4.2.2 <later@receiver.test>: Mailbox full, try again later"],
  slow: [
    "451 4.7.1 <slow@receiver.test>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/receiver.test.html",
  ],
};
const DATA_REPLIES: Record<string, string[]> = {
  spam: ["550 5.7.1 Message rejected as spam by Content Filtering"],
};

// ---------------------------------------------------------------------------------------------
// The network: loopback up, a private resolv.conf, the users the MTAs insist on.
const work = mkdtempSync(path.join(os.tmpdir(), "coldframe-mtas-"));
// the MTAs' unprivileged processes must reach their spool and config below it
chmodSync(work, 0o755);
execFileSync("ip", ["link", "set", "lo", "up"]);
// a host name the DNS below knows (Sendmail waits a minute at start for one that does not resolve)
execFileSync("hostname", ["mx.mta-sender.test"]);
// an address outside 127/8, on loopback too: resolvers asked with AI_ADDRCONFIG (OpenSMTPD's
// libasr) look up no IPv4 address at all while 127.0.0.1 is the only one configured
execFileSync("ip", ["addr", "add", "192.0.2.1/32", "dev", "lo"]);
bindPrivateFiles();

function bindPrivateFiles() {
  bindFile("/etc/resolv.conf", "nameserver 127.0.0.1\noptions attempts:1 timeout:2\n");
  bindFile(
    "/etc/passwd",
    `${readFileSync("/etc/passwd", "utf8")}Debian-exim:x:9901:9901::/nonexistent:/usr/sbin/nologin\nopensmtpd:x:9902:9902::/nonexistent:/usr/sbin/nologin\nopensmtpq:x:9903:9903::/nonexistent:/usr/sbin/nologin\nsmmta:x:9904:9904::/nonexistent:/usr/sbin/nologin\ncourier:x:9906:9906::/var/lib/courier:/usr/sbin/nologin\n`,
  );
  bindFile(
    "/etc/group",
    `${readFileSync("/etc/group", "utf8")}Debian-exim:x:9901:\nopensmtpd:x:9902:\nopensmtpq:x:9903:\nsmmta:x:9904:\nsmmsp:x:9905:\ncourier:x:9906:\n`,
  );
}
// the compiled-in spool directories (/var/spool/exim4, /var/spool/smtpd, /var/spool/mqueue) are private
const spool = path.join(work, "spool");
mkdirSync(spool);
execFileSync("mount", ["--bind", spool, "/var/spool"]);

// the MTAs' own files where they look for them (Exim re-executes /usr/sbin/exim4, OpenSMTPD runs
// /usr/libexec/opensmtpd/*, their libraries): the system's directories with the unpacked packages'
// layered below them, read-only, seen only in this namespace
const LAYERED: Record<string, string[]> = {
  // Courier's programs live in /usr/lib/courier; the libraries' overlay goes on top of this one
  "/usr/lib": ["usr/lib"],
  "/usr/sbin": ["usr/sbin"],
  "/usr/bin": ["usr/bin"],
  "/usr/libexec": ["usr/libexec"],
  "/usr/lib/x86_64-linux-gnu": ["usr/lib/x86_64-linux-gnu", "lib/x86_64-linux-gnu"],
};
for (const [target, subdirs] of Object.entries(LAYERED)) {
  const layers = ["exim", "opensmtpd", "sendmail", "courier"]
    .flatMap((mta) => subdirs.map((d) => path.join(ROOT, mta, d)))
    .filter((d) => existsSync(d));
  if (!existsSync(target)) continue;
  execFileSync("mount", [
    "-t",
    "overlay",
    "overlay",
    "-o",
    `lowerdir=${[target, ...layers].join(":")}`,
    target,
  ]);
}

function bindFile(target: string, content: string) {
  const file = path.join(work, path.basename(target));
  writeFileSync(file, content);
  chmodSync(file, 0o644);
  execFileSync("mount", ["--bind", file, target]);
}

// ---------------------------------------------------------------------------------------------
// DNS: A and MX for the test domains; NXDOMAIN for any other name.
const ZONE: Record<string, { A?: string; MX?: string }> = {
  "receiver.test": { MX: "mx.receiver.test" },
  "mx.receiver.test": { A: "127.0.0.2" },
  "outreach-coldframe.test": { MX: "mx.outreach-coldframe.test" },
  "mx.outreach-coldframe.test": { A: "127.0.0.3" },
  "mx.mta-sender.test": { A: "127.0.0.1" },
  "mx.exim-sender.test": { A: "127.0.0.1" },
  "mx.opensmtpd-sender.test": { A: "127.0.0.1" },
  "mx.sendmail-sender.test": { A: "127.0.0.1" },
  localhost: { A: "127.0.0.1" },
};

const dns = dgram.createSocket("udp4");
dns.on("message", (q, rinfo) => {
  const reply = answerDns(q);
  if (reply) dns.send(reply, rinfo.port, rinfo.address);
});
await new Promise<void>((resolve) => dns.bind(53, "127.0.0.1", resolve));

function answerDns(q: Buffer): Buffer | null {
  if (q.length < 17) return null;
  const labels: string[] = [];
  let at = 12;
  while (at < q.length && q[at] !== 0) {
    const len = q[at]!;
    labels.push(q.subarray(at + 1, at + 1 + len).toString("latin1"));
    at += len + 1;
  }
  const question = q.subarray(12, at + 5);
  const type = q.readUInt16BE(at + 1);
  const name = labels.join(".").toLowerCase();
  const entry = ZONE[name];
  const answers: Buffer[] = [];
  if (entry?.A && type === 1) answers.push(record(1, Buffer.from(entry.A.split(".").map(Number))));
  if (entry?.MX && type === 15) {
    const pref = Buffer.alloc(2);
    pref.writeUInt16BE(10);
    answers.push(record(15, Buffer.concat([pref, encodeName(entry.MX)])));
  }
  const header = Buffer.alloc(12);
  q.copy(header, 0, 0, 2);
  // QR, AA, RD copied; RA; NXDOMAIN for unknown names, NODATA for known names of another type
  header.writeUInt16BE(0x8480 | (q.readUInt16BE(2) & 0x0100) | (entry ? 0 : 3), 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(answers.length, 6);
  return Buffer.concat([header, question, ...answers]);
}

function record(type: number, rdata: Buffer): Buffer {
  const head = Buffer.alloc(12);
  head.writeUInt16BE(0xc00c, 0); // the question's name
  head.writeUInt16BE(type, 2);
  head.writeUInt16BE(1, 4);
  head.writeUInt32BE(60, 6);
  head.writeUInt16BE(rdata.length, 10);
  return Buffer.concat([head, rdata]);
}

function encodeName(name: string): Buffer {
  return Buffer.concat([
    ...name.split(".").map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l)])),
    Buffer.from([0]),
  ]);
}

// ---------------------------------------------------------------------------------------------
// SMTP: the receiver (answers by local part) and the sender's domain (keeps what it is sent).
type Received = { mailFrom: string; rcpt: string[]; data: string };
const captured: Received[] = [];

function smtpServer(host: string, hostname: string, onMessage?: (m: Received) => void): net.Server {
  const server = net.createServer((socket) => {
    let buffer = "";
    let inData = false;
    let data = "";
    let mailFrom = "";
    let rcpt: string[] = [];
    const reply = (lines: string[]) => socket.write(`${lines.join("\r\n")}\r\n`);
    reply([`220 ${hostname} ESMTP`]);
    socket.on("data", (chunk) => {
      buffer += chunk.toString("latin1");
      for (;;) {
        if (inData) {
          const end = buffer.indexOf("\r\n.\r\n");
          const endAtStart = data === "" && buffer.startsWith(".\r\n");
          if (end < 0 && !endAtStart) {
            // keep the last 4 characters: the end marker may be split between chunks
            data += buffer.slice(0, Math.max(0, buffer.length - 4));
            buffer = buffer.slice(Math.max(0, buffer.length - 4));
            return;
          }
          const body = endAtStart ? "" : data + buffer.slice(0, end + 2);
          buffer = buffer.slice(endAtStart ? 3 : end + 5);
          inData = false;
          data = "";
          const message = body.replace(/^\.\./gm, ".");
          const refuse = rcpt.map((r) => DATA_REPLIES[r.split("@")[0]!]).find(Boolean);
          if (refuse) reply(refuse);
          else {
            onMessage?.({ mailFrom, rcpt, data: message });
            reply(["250 2.0.0 Ok: queued"]);
          }
          continue;
        }
        const nl = buffer.indexOf("\r\n");
        if (nl < 0) return;
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === "EHLO")
          reply([`250-${hostname}`, "250-PIPELINING", "250-ENHANCEDSTATUSCODES", "250 8BITMIME"]);
        else if (verb === "HELO") reply([`250 ${hostname}`]);
        else if (verb === "MAIL") {
          mailFrom = /<([^>]*)>/.exec(line)?.[1] ?? "";
          rcpt = [];
          reply(["250 2.1.0 Ok"]);
        } else if (verb === "RCPT") {
          const to = (/<([^>]*)>/.exec(line)?.[1] ?? "").toLowerCase();
          const refuse = onMessage ? undefined : RCPT_REPLIES[to.split("@")[0]!];
          if (refuse) reply(refuse);
          else {
            rcpt.push(to);
            reply(["250 2.1.5 Ok"]);
          }
        } else if (verb === "DATA") {
          if (!rcpt.length) reply(["554 5.5.1 Error: no valid recipients"]);
          else {
            inData = true;
            reply(["354 End data with <CR><LF>.<CR><LF>"]);
          }
        } else if (verb === "RSET") {
          mailFrom = "";
          rcpt = [];
          reply(["250 2.0.0 Ok"]);
        } else if (verb === "QUIT") {
          reply(["221 2.0.0 Bye"]);
          socket.end();
          return;
        } else if (verb === "NOOP") reply(["250 2.0.0 Ok"]);
        else reply(["502 5.5.2 Error: command not recognized"]);
      }
    });
    socket.on("error", () => {});
  });
  server.listen(25, host);
  return server;
}

const receiver = smtpServer("127.0.0.2", "mx.receiver.test");
const senderMx = smtpServer("127.0.0.3", "mx.outreach-coldframe.test", (m) => captured.push(m));

// ---------------------------------------------------------------------------------------------
// The MTAs: how each is configured and started, on its own port on 127.0.0.1.
type Mta = {
  name: string;
  /** its SMTP port; none for an MTA the message is handed to with its sendmail program */
  port: number | null;
  /** how it is handed the message when it has no port */
  sendmail?: string;
  /** how long to wait for all its notices */
  waitSeconds?: number;
  /** its queue lifetime as configured, when not EXPIRE_SECONDS */
  queueLifetime?: string;
  /** lead numbers from here: the fixtures' X-Lead-ID */
  leadBase: number;
  version: () => string;
  start: (dir: string) => ChildProcess;
  /** its logs, for a failure's message */
  logs: (dir: string) => string;
};

const readOr = (file: string) => {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
};

const EXIM: Mta = {
  name: "exim",
  port: 2601,
  leadBase: 201,
  version: () => packageVersion("Exim", "exim4-daemon-light"),
  start(dir) {
    const spoolDir = path.join(dir, "spool");
    mkdirSync(path.join(spoolDir, "log"), { recursive: true });
    chownTree(spoolDir, 8, 8);
    const conf = path.join(dir, "exim.conf");
    writeFileSync(
      conf,
      `primary_hostname = mx.exim-sender.test
exim_user = mail
exim_group = mail
spool_directory = ${spoolDir}
log_file_path = ${spoolDir}/log/%slog
pid_file_path = ${dir}/exim.pid
daemon_smtp_ports = ${this.port}
local_interfaces = 127.0.0.1
acl_smtp_rcpt = acl_check_rcpt
host_lookup =
rfc1413_hosts =
keep_environment =
tls_advertise_hosts =
# a queued message is retried every few seconds, and given up on after ${EXPIRE_SECONDS}s
timeout_frozen_after = 1h
delay_warning = ${WARN_SECONDS}s

begin acl
acl_check_rcpt:
  accept hosts = 127.0.0.1
  deny message = relay not permitted

begin routers
dnslookup:
  driver = dnslookup
  transport = remote_smtp
  no_more

begin transports
remote_smtp:
  driver = smtp

begin retry
*   *   F,${EXPIRE_SECONDS}s,3s

begin rewrite
`,
    );
    return spawn("/usr/sbin/exim4", ["-C", conf, "-bdf", "-q2s"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
  },
  logs: (dir) => readOr(path.join(dir, "spool/log/mainlog")) + readOr(path.join(dir, "spool/log/paniclog")),
};

const OPENSMTPD: Mta = {
  name: "opensmtpd",
  port: 2602,
  leadBase: 211,
  version: () => packageVersion("OpenSMTPD", "opensmtpd"),
  start(dir) {
    // the privilege-separated processes chroot into this directory and the queue lives in /var/spool/smtpd
    mkdirSync("/var/lib/opensmtpd/empty", { recursive: true });
    const conf = path.join(dir, "smtpd.conf");
    writeFileSync(
      conf,
      `queue ttl ${EXPIRE_SECONDS}s
bounce warn-interval ${WARN_SECONDS}s
listen on 127.0.0.1 port ${this.port} hostname mx.opensmtpd-sender.test
action "relay" relay helo mx.opensmtpd-sender.test
match from local for any action "relay"
match from src 127.0.0.1 for any action "relay"
`,
    );
    chmodSync(conf, 0o600);
    return spawn("/usr/sbin/smtpd", ["-f", conf, "-d", "-v"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
  },
  logs: () => "",
};

const SENDMAIL: Mta = {
  name: "sendmail",
  port: 2603,
  leadBase: 221,
  version: () => packageVersion("Sendmail", "sendmail-bin"),
  start(dir) {
    const cfRoot = `${ROOT}/sendmail/usr/share/sendmail/cf`;
    const queue = path.join(dir, "mqueue");
    mkdirSync(queue, { recursive: true });
    const mc = `divert(-1)
include(\`${cfRoot}/m4/cf.m4')
divert(0)
OSTYPE(\`linux')
define(\`confDOMAIN_NAME', \`mx.sendmail-sender.test')
define(\`QUEUE_DIR', \`${queue}')
define(\`STATUS_FILE', \`${dir}/sendmail.st')
define(\`confPID_FILE', \`${dir}/sendmail.pid')
define(\`ALIAS_FILE', \`')
define(\`confHELP_FILE', \`')
define(\`confCW_FILE', \`-o ${dir}/local-host-names')
define(\`confDONT_PROBE_INTERFACES', \`True')
define(\`confTO_QUEUERETURN', \`${EXPIRE_SECONDS}s')
define(\`confTO_QUEUEWARN', \`${WARN_SECONDS}s')
define(\`confMIN_QUEUE_AGE', \`0')
define(\`confDELIVERY_MODE', \`background')
define(\`confLOG_LEVEL', \`14')
define(\`confPRIVACY_FLAGS', \`authwarnings')
define(\`confDONT_BLAME_SENDMAIL', \`GroupWritableDirPathSafe,InsufficientEntropy')
define(\`confTRUSTED_USERS', \`root')
define(\`confRUN_AS_USER', \`root')
define(\`confDEF_USER_ID', \`8:8')
FEATURE(\`nouucp', \`reject')
FEATURE(\`promiscuous_relay')
FEATURE(\`accept_unresolvable_domains')
DAEMON_OPTIONS(\`Port=${this.port}, Addr=127.0.0.1, Name=MTA')
MAILER(\`local')
MAILER(\`smtp')
`;
    writeFileSync(path.join(dir, "sendmail.mc"), mc);
    const cf = execFileSync("/usr/bin/m4", [path.join(dir, "sendmail.mc")], { encoding: "utf8" });
    writeFileSync(path.join(dir, "sendmail.cf"), cf);
    return spawn(
      "/usr/libexec/sendmail/sendmail",
      ["-C", path.join(dir, "sendmail.cf"), "-bD", "-q2s", "-O", `LogLevel=14`, "-d0.1"],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
  },
  logs: () => "",
};

const COURIER: Mta = {
  name: "courier",
  port: null,
  sendmail: `${ROOT}/courier/usr/sbin/sendmail`,
  leadBase: 231,
  // Courier's queue time is counted in minutes
  waitSeconds: 240,
  queueLifetime: "1m",
  version: () => packageVersion("Courier", "courier-mta"),
  start(dir) {
    // its configuration (/etc/courier) and queue (/var/lib/courier) where it looks for them,
    // writable, in this namespace only; the private files bound into /etc are bound again on top
    for (const [target, lower] of [
      ["/etc", `${ROOT}/courier/etc`],
      ["/var/lib", `${ROOT}/courier/var/lib`],
    ] as const) {
      const upper = path.join(dir, `${path.basename(target)}-upper`);
      const workdir = path.join(dir, `${path.basename(target)}-work`);
      mkdirSync(upper, { recursive: true });
      mkdirSync(workdir, { recursive: true });
      execFileSync("mount", [
        "-t",
        "overlay",
        "overlay",
        "-o",
        `lowerdir=${target}:${lower},upperdir=${upper},workdir=${workdir}`,
        target,
      ]);
    }
    bindPrivateFiles();
    execFileSync("mount", ["-t", "tmpfs", "tmpfs", "/run"]);
    mkdirSync("/run/courier");
    execFileSync("chown", ["-R", "courier:courier", "/var/lib/courier", "/run/courier"]);
    writeFileSync("/etc/courier/me", "mx.courier-sender.test\n");
    writeFileSync("/etc/courier/queuetime", `${this.queueLifetime}\n`);
    writeFileSync("/etc/courier/warntime", `${WARN_SECONDS}s\n`);
    for (const f of ["retryalpha", "retrygamma"]) writeFileSync(`/etc/courier/${f}`, "5\n");
    writeFileSync("/etc/courier/retrybeta", "20\n");
    writeFileSync("/etc/courier/retrymaxdelta", "0\n");
    // courierctl.start's way, with courierd in the foreground to be stopped with its modules
    return spawn(
      "/bin/sh",
      ["-c", "set -a; . /etc/courier/courierd; exec /usr/lib/courier/courier/courierd"],
      {
        cwd: "/usr",
        // courierctl.start runs it under `env -i`: only what /etc/courier/courierd sets
        env: { PATH: "/usr/bin:/bin" } as unknown as NodeJS.ProcessEnv,
        detached: true,
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
  },
  logs: () => "",
};

/** "Exim 4.96-15+deb12u11 (Debian exim4-daemon-light)": the unpacked package's own version */
function packageVersion(name: string, pkg: string): string {
  const deb = readdirSync(path.join(ROOT, "debs")).find((f) => f.startsWith(`${pkg}_`));
  if (!deb) throw new Error(`${pkg} is not unpacked: run scripts/extract-mtas.sh`);
  const version = execFileSync("dpkg-deb", ["-f", path.join(ROOT, "debs", deb), "Version"], {
    encoding: "utf8",
  });
  return `${name} ${version.trim()} (Debian ${pkg})`;
}

function chownTree(dir: string, uid: number, gid: number) {
  execFileSync("chown", ["-R", `${uid}:${gid}`, dir]);
  chownSync(dir, uid, gid);
}

// ---------------------------------------------------------------------------------------------
const wanted = process.argv.slice(2);
const MTAS = [EXIM, OPENSMTPD, SENDMAIL, COURIER].filter((m) => !wanted.length || wanted.includes(m.name));
let failed = false;
try {
  for (const mta of MTAS) {
    try {
      await generate(mta);
    } catch (err) {
      failed = true;
      console.error(`${mta.name}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
} finally {
  receiver.close();
  senderMx.close();
  dns.close();
  rmSync(work, { recursive: true, force: true, maxRetries: 3 });
}
process.exit(failed ? 1 : 0);

async function generate(mta: Mta) {
  const dir = path.join(work, mta.name);
  mkdirSync(dir, { recursive: true });
  const version = mta.version();
  const child = mta.start(dir);
  let output = "";
  child.stdout?.on("data", (c) => (output += c));
  child.stderr?.on("data", (c) => (output += c));
  try {
    if (mta.port)
      await waitForPort(mta.port, () => `${mta.name} did not start:\n${output}\n${mta.logs(dir)}`);
    else await new Promise((r) => setTimeout(r, 2000));
    const transport = mta.sendmail
      ? nodemailer.createTransport({ sendmail: true, path: mta.sendmail, newline: "unix" })
      : nodemailer.createTransport({
          host: "127.0.0.1",
          port: mta.port ?? 25,
          secure: false,
          ignoreTLS: true,
          name: "app.outreach-coldframe.test",
        });
    const sent = new Map<string, Case>();
    for (const [i, c] of CASES.entries()) {
      const n = String(mta.leadBase + i).padStart(12, "0");
      const messageId = `<0f0f0f0f-${n.slice(-4)}-4aaa-8bbb-cccc${n.slice(-8)}.5c6d7e8f9a0b@outreach-coldframe.test>`;
      await transport.sendMail({
        from: `Alex Rivera <${SENDER}>`,
        to: c.to,
        subject: "Quick question",
        text: "Hi Jordan, a quick question about your pipeline.",
        messageId,
        headers: {
          "X-Campaign-ID": CAMPAIGN,
          "X-Lead-ID": `11111111-aaaa-4bbb-8ccc-${n}`,
          "List-Unsubscribe": `<mailto:${SENDER}?subject=unsubscribe>`,
        },
      });
      sent.set(messageId, c);
    }
    const found = new Map<string, Received>();
    const deadline = Date.now() + (mta.waitSeconds ?? EXPIRE_SECONDS + 60) * 1000;
    while (found.size < sent.size) {
      if (Date.now() > deadline) {
        const missing = [...sent.values()].filter((c) => !found.has(c.name)).map((c) => c.name);
        const log = path.join(os.tmpdir(), `${mta.name}-generate.log`);
        const subjects = captured.map((m) => /^Subject:.*$/im.exec(m.data)?.[0]).join("\n");
        writeFileSync(log, `${output}\n${mta.logs(dir)}\ncaptured:\n${subjects}`);
        for (const [i, m] of captured.entries()) writeFileSync(`${log}.${i}.eml`, m.data);
        throw new Error(`no bounce for ${missing.join(", ")}: see ${log}`);
      }
      for (const m of captured) {
        // a delay warning carries the id too: only the notice the case wants counts. OpenSMTPD 6.8
        // reports an expired envelope with its delay template ("Envelope expired", Action:
        // delayed): that is its final word, no warning.
        for (const [id, c] of sent) {
          if (!m.data.includes(id) || found.has(c.name)) continue;
          const warning = isDelayWarning(m.data) && !/envelope expired/i.test(m.data);
          if (warning === Boolean(c.warning)) found.set(c.name, m);
        }
      }
      if (found.size < sent.size) await new Promise((r) => setTimeout(r, 500));
    }
    for (const c of CASES) {
      const m = found.get(c.name)!;
      const source = `X-Fixture-Source: generated by ${version} (scripts/generate-mta-bounces.ts): ${c.note.replace("{queue lifetime}", mta.queueLifetime ?? `${EXPIRE_SECONDS}s`)}; the bounce as the sender's mail server received it`;
      // the delivering server writes the envelope sender, as Postfix and Dovecot do
      const raw = `${source}\r\nReturn-Path: <${m.mailFrom}>\r\n${m.data}`;
      writeFileSync(path.join(OUT, `${mta.name}-generated-${c.name}.eml`), raw.replace(/\r?\n/g, "\r\n"));
      console.log(`wrote ${mta.name}-generated-${c.name}.eml`);
    }
  } finally {
    // a detached MTA (Courier) is stopped with the modules it started: its whole process group
    const stop = (signal: NodeJS.Signals) => {
      try {
        if (child.pid && mta.port === null) process.kill(-child.pid, signal);
        else child.kill(signal);
      } catch {
        // already gone
      }
    };
    stop("SIGTERM");
    await new Promise((r) => setTimeout(r, 500));
    if (child.exitCode === null) stop("SIGKILL");
  }
}

function isDelayWarning(raw: string): boolean {
  return /^Action:\s*delayed/im.test(raw) || /^Subject:.*(warning|delayed)/im.test(raw);
}

async function waitForPort(port: number, why: () => string) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, "127.0.0.1", () => {
        s.end();
        resolve(true);
      });
      s.on("error", () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(why());
    await new Promise((r) => setTimeout(r, 200));
  }
}
