/**
 * A small HTTP client with a cookie jar, acting as one browser: cookies are kept per host name
 * (ports share cookies, as in browsers), redirects can be followed by hand or automatically.
 */
export class HttpClient {
  private cookies = new Map<string, Map<string, string>>();

  constructor(
    readonly baseUrl: string,
    private readonly defaultHeaders: Record<string, string> = {},
  ) {}

  async request(pathOrUrl: string, init: RequestInit & { json?: unknown } = {}): Promise<Response> {
    const url = new URL(pathOrUrl, this.baseUrl);
    const headers = new Headers(init.headers);
    for (const [k, v] of Object.entries(this.defaultHeaders)) if (!headers.has(k)) headers.set(k, v);
    const jar = this.cookies.get(url.hostname);
    if (jar?.size) headers.set("cookie", [...jar].map(([k, v]) => `${k}=${v}`).join("; "));
    let body = init.body;
    if (init.json !== undefined) {
      headers.set("content-type", "application/json");
      body = JSON.stringify(init.json);
    }
    if (init.method && init.method !== "GET" && !headers.has("origin"))
      headers.set("origin", new URL(this.baseUrl).origin);
    const res = await fetch(url, { ...init, headers, body, redirect: "manual" });
    this.store(url.hostname, res);
    return res;
  }

  /** Follow redirects from a URL, across hosts, keeping cookies; returns the last response. */
  async follow(pathOrUrl: string, max = 20): Promise<{ res: Response; url: string }> {
    let url = new URL(pathOrUrl, this.baseUrl).toString();
    for (let i = 0; i < max; i++) {
      const res = await this.request(url);
      const location = res.headers.get("location");
      if (res.status < 300 || res.status >= 400 || !location) return { res, url };
      url = new URL(location, url).toString();
    }
    throw new Error(`more than ${max} redirects from ${pathOrUrl}`);
  }

  get(path: string, headers?: Record<string, string>) {
    return this.request(path, { headers });
  }
  post(path: string, json?: unknown, headers?: Record<string, string>) {
    return this.request(path, { method: "POST", json: json ?? {}, headers });
  }
  put(path: string, json?: unknown, headers?: Record<string, string>) {
    return this.request(path, { method: "PUT", json: json ?? {}, headers });
  }

  cookie(name: string, host = new URL(this.baseUrl).hostname): string | undefined {
    return this.cookies.get(host)?.get(name);
  }

  clearCookies() {
    this.cookies.clear();
  }

  private store(host: string, res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(";");
      const eq = pair!.indexOf("=");
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const jar = this.cookies.get(host) ?? new Map<string, string>();
      const expired = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === "";
      if (expired) jar.delete(name);
      else jar.set(name, value);
      this.cookies.set(host, jar);
    }
  }
}
