CREATE TABLE "cart_items" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"name" text NOT NULL,
	"registrar" text NOT NULL,
	"years" integer DEFAULT 1 NOT NULL,
	"price_cents" integer NOT NULL,
	"cost_cents" integer NOT NULL,
	"currency" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "domain_dns_records" (
	"id" text PRIMARY KEY NOT NULL,
	"domain_id" text NOT NULL,
	"workspace_id" text NOT NULL,
	"purpose" text NOT NULL,
	"name" text NOT NULL,
	"type" text NOT NULL,
	"content" text NOT NULL,
	"ttl" integer DEFAULT 3600 NOT NULL,
	"priority" integer,
	"provider_record_id" text,
	"state" text DEFAULT 'pending' NOT NULL,
	"checks" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"checked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "domain_health_checks" (
	"id" text PRIMARY KEY NOT NULL,
	"domain_id" text NOT NULL,
	"workspace_id" text NOT NULL,
	"score" integer NOT NULL,
	"state" text NOT NULL,
	"items" jsonb NOT NULL,
	"changed" boolean DEFAULT false NOT NULL,
	"checked_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "domain_order_items" (
	"id" text PRIMARY KEY NOT NULL,
	"order_id" text NOT NULL,
	"workspace_id" text NOT NULL,
	"domain_id" text,
	"name" text NOT NULL,
	"registrar" text NOT NULL,
	"years" integer DEFAULT 1 NOT NULL,
	"price_cents" integer NOT NULL,
	"cost_cents" integer NOT NULL,
	"currency" text NOT NULL,
	"refund_id" text,
	"refunded_cents" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "domain_orders" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"created_by_user_id" text,
	"status" text DEFAULT 'pending_payment' NOT NULL,
	"status_reason" text,
	"total_cents" integer NOT NULL,
	"currency" text NOT NULL,
	"stripe_checkout_session_id" text,
	"stripe_checkout_url" text,
	"stripe_payment_intent_id" text,
	"refunded_cents" integer DEFAULT 0 NOT NULL,
	"paid_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "provider_accounts" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"kind" text NOT NULL,
	"provider" text NOT NULL,
	"label" text NOT NULL,
	"credentials_enc" text NOT NULL,
	"config" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text DEFAULT 'untested' NOT NULL,
	"last_error" text,
	"last_tested_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stripe_events" (
	"id" text PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"order_id" text,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "domains" ADD COLUMN "status_reason" text;--> statement-breakpoint
ALTER TABLE "domains" ADD COLUMN "source" text DEFAULT 'external' NOT NULL;--> statement-breakpoint
ALTER TABLE "domains" ADD COLUMN "order_id" text;--> statement-breakpoint
ALTER TABLE "domains" ADD COLUMN "registrar" text;--> statement-breakpoint
ALTER TABLE "domains" ADD COLUMN "registrar_account_id" text;--> statement-breakpoint
ALTER TABLE "domains" ADD COLUMN "registrar_operation_id" text;--> statement-breakpoint
ALTER TABLE "domains" ADD COLUMN "stripe_payment_intent_id" text;--> statement-breakpoint
ALTER TABLE "domains" ADD COLUMN "price_cents" integer;--> statement-breakpoint
ALTER TABLE "domains" ADD COLUMN "currency" text;--> statement-breakpoint
ALTER TABLE "domains" ADD COLUMN "registered_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "domains" ADD COLUMN "expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "domains" ADD COLUMN "refund_id" text;--> statement-breakpoint
ALTER TABLE "domains" ADD COLUMN "refunded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "domains" ADD COLUMN "dns_mode" text;--> statement-breakpoint
ALTER TABLE "domains" ADD COLUMN "dns_provider" text;--> statement-breakpoint
ALTER TABLE "domains" ADD COLUMN "dns_account_id" text;--> statement-breakpoint
ALTER TABLE "domains" ADD COLUMN "dns_zone_id" text;--> statement-breakpoint
ALTER TABLE "domains" ADD COLUMN "nameservers" text[];--> statement-breakpoint
ALTER TABLE "domains" ADD COLUMN "dns_settings" jsonb;--> statement-breakpoint
ALTER TABLE "domains" ADD COLUMN "dns_progress" jsonb;--> statement-breakpoint
ALTER TABLE "domains" ADD COLUMN "dns_verify_started_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "domains" ADD COLUMN "health_score" integer;--> statement-breakpoint
ALTER TABLE "domains" ADD COLUMN "health_state" text;--> statement-breakpoint
ALTER TABLE "domains" ADD COLUMN "health_checked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "domains" ADD COLUMN "domain_created_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cart_items" ADD CONSTRAINT "cart_items_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "domain_dns_records" ADD CONSTRAINT "domain_dns_records_domain_id_domains_id_fk" FOREIGN KEY ("domain_id") REFERENCES "public"."domains"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "domain_dns_records" ADD CONSTRAINT "domain_dns_records_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "domain_health_checks" ADD CONSTRAINT "domain_health_checks_domain_id_domains_id_fk" FOREIGN KEY ("domain_id") REFERENCES "public"."domains"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "domain_health_checks" ADD CONSTRAINT "domain_health_checks_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "domain_order_items" ADD CONSTRAINT "domain_order_items_order_id_domain_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."domain_orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "domain_order_items" ADD CONSTRAINT "domain_order_items_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "domain_order_items" ADD CONSTRAINT "domain_order_items_domain_id_domains_id_fk" FOREIGN KEY ("domain_id") REFERENCES "public"."domains"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "domain_orders" ADD CONSTRAINT "domain_orders_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provider_accounts" ADD CONSTRAINT "provider_accounts_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "cart_items_workspace_name_idx" ON "cart_items" USING btree ("workspace_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "domain_dns_records_unique_idx" ON "domain_dns_records" USING btree ("domain_id","purpose","type","name","content");--> statement-breakpoint
CREATE INDEX "domain_health_checks_domain_idx" ON "domain_health_checks" USING btree ("domain_id","checked_at");--> statement-breakpoint
CREATE INDEX "domain_order_items_order_idx" ON "domain_order_items" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "domain_orders_workspace_idx" ON "domain_orders" USING btree ("workspace_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "domain_orders_session_idx" ON "domain_orders" USING btree ("stripe_checkout_session_id");--> statement-breakpoint
CREATE INDEX "provider_accounts_workspace_idx" ON "provider_accounts" USING btree ("workspace_id","kind");--> statement-breakpoint
CREATE INDEX "domains_order_idx" ON "domains" USING btree ("order_id");