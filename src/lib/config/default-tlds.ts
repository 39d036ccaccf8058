/**
 * The TLDs searched and priced when nothing names others: DOMAIN_SEARCH_TLDS's default and every
 * registrar's price list.
 */
export const DEFAULT_TLDS = [
  "com",
  "net",
  "org",
  "io",
  "co",
  "ai",
  "app",
  "dev",
  "xyz",
  "email",
  "info",
  "biz",
];
