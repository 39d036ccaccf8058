const LOOPBACK = ["localhost", "127.0.0.1", "[::1]"];

/**
 * The origins a browser on this machine may show for a local APP_URL: `http://localhost:3000`
 * is the same app as `http://127.0.0.1:3000` and `http://[::1]:3000`, and a newcomer types either.
 * Only when APP_URL itself is a loopback address; a public APP_URL trusts nothing more.
 */
export function loopbackOrigins(appUrl: string): string[] {
  let url: URL;
  try {
    url = new URL(appUrl);
  } catch {
    return [];
  }
  if (!LOOPBACK.includes(url.hostname)) return [];
  const port = url.port ? `:${url.port}` : "";
  return LOOPBACK.map((host) => `${url.protocol}//${host}${port}`);
}
