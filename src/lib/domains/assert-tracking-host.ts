import { AppError } from "@/lib/errors";

/** The tracking host must be on the domain itself: links on another domain hurt deliverability. */
export function assertTrackingHost(domain: string, host: string | null | undefined) {
  if (host && host !== domain && !host.endsWith(`.${domain}`)) {
    throw new AppError("validation", `the tracking host must be on ${domain}, e.g. track.${domain}`, {
      fields: { trackingHost: [`use a subdomain of ${domain}`] },
    });
  }
}
