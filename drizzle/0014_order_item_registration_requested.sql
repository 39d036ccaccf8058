ALTER TABLE "domain_orders" DROP CONSTRAINT "domain_orders_status_check";--> statement-breakpoint
ALTER TABLE "domain_order_items" ADD COLUMN "registration_requested_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "domain_orders" ADD CONSTRAINT "domain_orders_status_check" CHECK ("domain_orders"."status" in ('pending_payment', 'paid', 'completed', 'failed', 'expired', 'refunded'));--> statement-breakpoint
-- Lines whose domain was already registering before this column existed may have sent their
-- register request: count it as sent, so a registration that went through is recorded, not refunded.
UPDATE "domain_order_items" SET "registration_requested_at" = now() FROM "domains" WHERE "domains"."id" = "domain_order_items"."domain_id" AND "domains"."order_id" = "domain_order_items"."order_id" AND "domains"."status" IN ('registering', 'registered', 'configuring_dns', 'verifying_dns', 'active');
