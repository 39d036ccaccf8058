ALTER TABLE "cart_items" ADD COLUMN "extension_fields" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "cart_items" ADD COLUMN "registrar_account_id" text;