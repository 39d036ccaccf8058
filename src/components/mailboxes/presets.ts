import type { ServerValues } from "./types";

export type Preset = {
  id: string;
  label: string;
  hint: string;
  smtp: ServerValues;
  imap: ServerValues;
};

/** Server settings of common providers, so most people only type an address and a password. */
export const presets: Preset[] = [
  {
    id: "gmail",
    label: "Gmail (app password)",
    hint: "Turn on 2-step verification, then create an app password at myaccount.google.com/apppasswords.",
    smtp: { host: "smtp.gmail.com", port: 465, security: "tls" },
    imap: { host: "imap.gmail.com", port: 993, security: "tls" },
  },
  {
    id: "outlook",
    label: "Outlook / Microsoft 365",
    hint: "SMTP AUTH must be enabled for the mailbox in the Microsoft 365 admin center; use an app password with MFA.",
    smtp: { host: "smtp.office365.com", port: 587, security: "starttls" },
    imap: { host: "outlook.office365.com", port: 993, security: "tls" },
  },
  {
    id: "zoho",
    label: "Zoho Mail",
    hint: "Enable IMAP access in Zoho Mail settings; EU accounts use smtp.zoho.eu and imap.zoho.eu.",
    smtp: { host: "smtp.zoho.com", port: 465, security: "tls" },
    imap: { host: "imap.zoho.com", port: 993, security: "tls" },
  },
  {
    id: "custom",
    label: "Other (custom SMTP/IMAP)",
    hint: "Your provider's help pages list these; 465/993 use TLS, 587/143 STARTTLS.",
    smtp: { host: "", port: 587, security: "starttls" },
    imap: { host: "", port: 993, security: "tls" },
  },
];

/** The usual port of a TLS mode, to switch the port along with the mode. */
export const defaultPort = {
  smtp: { tls: 465, starttls: 587, none: 25 },
  imap: { tls: 993, starttls: 143, none: 143 },
};
