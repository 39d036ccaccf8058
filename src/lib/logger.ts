import pino from "pino";

// Secrets never reach the log: these paths are censored wherever they appear.
const redact = [
  "password",
  "*.password",
  "*.*.password",
  "token",
  "*.token",
  "apiKey",
  "*.apiKey",
  "secret",
  "*.secret",
  "headers.authorization",
  "headers.cookie",
  "*.headers.authorization",
  "*.headers.cookie",
  "privateKey",
  "*.privateKey",
];

export const logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
  redact: { paths: redact, censor: "[redacted]" },
  base: { service: process.env.COLDFRAME_PROCESS ?? "app" },
});

export type Logger = typeof logger;
