/**
 * A URL as it may be shown: `user:password@` replaced by `***@`. New URLs with userinfo are
 * refused; this covers ones stored before that rule.
 */
export function redactUrlUserinfo(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return raw.replace(/\/\/[^/@]*@/, "//***@");
  }
  if (!url.username && !url.password) return raw;
  return `${url.protocol}//***@${url.host}${url.pathname}${url.search}${url.hash}`;
}
