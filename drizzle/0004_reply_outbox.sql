ALTER TABLE "inbox_messages" ADD COLUMN "delivery_status" text;--> statement-breakpoint
ALTER TABLE "inbox_messages" ADD COLUMN "delivery_error" text;--> statement-breakpoint
ALTER TABLE "inbox_messages" ADD COLUMN "idempotency_key" text;--> statement-breakpoint
CREATE UNIQUE INDEX "inbox_messages_idempotency_key_idx" ON "inbox_messages" USING btree ("workspace_id","idempotency_key");