import { z } from "zod";

const hostname = z
  .string()
  .trim()
  .toLowerCase()
  .max(253)
  .regex(
    /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
    "a domain name such as example.com",
  );

export const AddDomain = z
  .object({
    name: hostname,
    trackingHost: hostname.nullable().optional().describe("custom tracking host, a CNAME to this app"),
  })
  .meta({ id: "AddDomain" });

export const UpdateDomain = z.object({ trackingHost: hostname.nullable() }).meta({ id: "UpdateDomain" });

export const SendingDomain = z
  .object({
    id: z.string(),
    name: z.string(),
    status: z.string(),
    trackingHost: z.string().nullable(),
    trackingCname: z.string().describe("where the tracking host's CNAME must point"),
    dkim: z.object({ selector: z.string(), publicKey: z.string() }).nullable(),
    createdAt: z.string(),
  })
  .meta({ id: "SendingDomain" });

export const SendingDomainList = z.object({ data: z.array(SendingDomain) }).meta({ id: "SendingDomainList" });
