import http from "node:http";

export type Answer = { status: number; headers: http.IncomingHttpHeaders; text: string; json: () => unknown };

export type RequestOptions = {
  method?: string;
  headers?: Record<string, string>;
  /** an object is sent as JSON; a string or Buffer as is */
  body?: unknown;
  /** the Origin header for non-GET requests; defaults to the app's own origin, null for none */
  origin?: string | null;
};

/**
 * One browser-like client of the running app: a cookie jar and a source address of its own on
 * loopback (127.0.0.0/8 is all ours), so each simulated person has a distinct IP for the app's
 * rate limits without any forwarding header. Paths go out exactly as given (no normalisation),
 * so malformed escapes such as `%ff` reach the server.
 */
export class Client {
  private jar = new Map<string, string>();

  constructor(
    readonly baseUrl: string,
    readonly sourceIp: string,
    private readonly defaults: Record<string, string> = {},
  ) {}

  async request(path: string, opts: RequestOptions = {}): Promise<Answer> {
    const base = new URL(this.baseUrl);
    const method = opts.method ?? "GET";
    const headers: Record<string, string> = { ...this.defaults, ...opts.headers };
    if (this.jar.size && !Object.keys(headers).some((k) => k.toLowerCase() === "cookie"))
      headers.cookie = [...this.jar].map(([k, v]) => `${k}=${v}`).join("; ");
    let payload: Buffer | undefined;
    if (opts.body !== undefined) {
      if (typeof opts.body === "string" || Buffer.isBuffer(opts.body)) payload = Buffer.from(opts.body);
      else {
        payload = Buffer.from(JSON.stringify(opts.body));
        headers["content-type"] ??= "application/json";
      }
    }
    const origin = opts.origin === undefined ? base.origin : opts.origin;
    if (method !== "GET" && method !== "HEAD" && origin !== null) headers.origin ??= origin;
    return new Promise<Answer>((resolve, reject) => {
      const req = http.request(
        {
          host: "127.0.0.1",
          port: base.port,
          method,
          path,
          localAddress: this.sourceIp,
          headers: {
            host: base.host,
            ...headers,
            ...(payload ? { "content-length": String(payload.length) } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            for (const line of res.headers["set-cookie"] ?? []) {
              const [pair] = line.split(";");
              const eq = pair!.indexOf("=");
              const name = pair!.slice(0, eq).trim();
              const value = pair!.slice(eq + 1).trim();
              if (value === "" || /max-age=0/i.test(line)) this.jar.delete(name);
              else this.jar.set(name, value);
            }
            const text = Buffer.concat(chunks).toString("utf8");
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              text,
              json: () => JSON.parse(text),
            });
          });
          res.on("error", reject);
        },
      );
      req.on("error", reject);
      req.setTimeout(120_000, () => req.destroy(new Error(`${method} ${path}: no answer in 120 s`)));
      req.end(payload);
    });
  }

  get(path: string, headers?: Record<string, string>) {
    return this.request(path, { headers });
  }
  post(path: string, body: unknown = {}, opts: Omit<RequestOptions, "body" | "method"> = {}) {
    return this.request(path, { ...opts, method: "POST", body });
  }

  /** The same person (cookies, address) acting through an API key instead of the session. */
  withKey(key: string): Client {
    return new Client(this.baseUrl, this.sourceIp, { ...this.defaults, authorization: `Bearer ${key}` });
  }

  clearCookies() {
    this.jar.clear();
  }
}

let next = 10;
/** A loopback source address nobody else in this run uses: one per simulated person. */
export function freshSourceIp(): string {
  next++;
  return `127.0.${Math.floor(next / 250) + 1}.${(next % 250) + 1}`;
}
