ALTER TABLE "cart_items" ADD COLUMN "renewal_price_cents" integer;--> statement-breakpoint
ALTER TABLE "cart_items" ADD COLUMN "renewal_cost_cents" integer;--> statement-breakpoint
ALTER TABLE "cart_items" ADD COLUMN "extension_values" jsonb;--> statement-breakpoint
ALTER TABLE "domain_order_items" ADD COLUMN "renewal_price_cents" integer;--> statement-breakpoint
ALTER TABLE "domain_order_items" ADD COLUMN "renewal_cost_cents" integer;--> statement-breakpoint
ALTER TABLE "domain_order_items" ADD COLUMN "extension_values" jsonb;--> statement-breakpoint
CREATE UNIQUE INDEX "domain_order_items_order_domain_idx" ON "domain_order_items" USING btree ("order_id","domain_id");--> statement-breakpoint
CREATE INDEX "domain_order_items_domain_idx" ON "domain_order_items" USING btree ("domain_id");