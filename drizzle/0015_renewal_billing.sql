CREATE TABLE "domain_renewals" (
	"id" text PRIMARY KEY NOT NULL,
	"domain_id" text NOT NULL,
	"workspace_id" text NOT NULL,
	"period_expires_at" timestamp with time zone NOT NULL,
	"amount_cents" integer NOT NULL,
	"currency" text NOT NULL,
	"status" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone,
	"stripe_payment_intent_id" text,
	"error" text,
	"error_code" text,
	"charged_at" timestamp with time zone,
	"refund_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "domain_renewals_status_check" CHECK ("domain_renewals"."status" in ('charging', 'charged', 'failed', 'refunded'))
);
--> statement-breakpoint
CREATE TABLE "workspace_billing" (
	"workspace_id" text PRIMARY KEY NOT NULL,
	"stripe_customer_id" text NOT NULL,
	"stripe_payment_method_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workspace_billing_stripe_customer_id_unique" UNIQUE("stripe_customer_id")
);
--> statement-breakpoint
ALTER TABLE "domains" ADD COLUMN "renewal_status" text;--> statement-breakpoint
ALTER TABLE "domain_renewals" ADD CONSTRAINT "domain_renewals_domain_id_domains_id_fk" FOREIGN KEY ("domain_id") REFERENCES "public"."domains"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "domain_renewals" ADD CONSTRAINT "domain_renewals_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workspace_billing" ADD CONSTRAINT "workspace_billing_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "domain_renewals_domain_period_idx" ON "domain_renewals" USING btree ("domain_id","period_expires_at");--> statement-breakpoint
CREATE INDEX "domain_renewals_due_idx" ON "domain_renewals" USING btree ("status","next_attempt_at");--> statement-breakpoint
ALTER TABLE "domains" ADD CONSTRAINT "domains_renewal_status_check" CHECK ("domains"."renewal_status" in ('auto', 'lapsing'));