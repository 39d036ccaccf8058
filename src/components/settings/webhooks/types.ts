/** An endpoint as GET /api/v1/webhooks lists it (never its secret). */
export type Webhook = {
  id: string;
  url: string;
  eventTypes: string[];
  /** a disabled endpoint receives nothing */
  enabled: boolean;
  createdAt: string;
};

export type WebhookTestResult = { ok: boolean; statusCode: number | null; error: string | null };
