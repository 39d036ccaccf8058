ALTER TABLE "mailboxes" ADD COLUMN "sent_copy" text DEFAULT 'auto' NOT NULL;--> statement-breakpoint
ALTER TABLE "mailboxes" ADD COLUMN "sent_copied_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "mailboxes" ADD CONSTRAINT "mailboxes_sent_copy_check" CHECK ("mailboxes"."sent_copy" in ('auto', 'on', 'off'));--> statement-breakpoint
-- Mailboxes that existed before copies were made: their earlier mail is not copied now.
UPDATE "mailboxes" SET "sent_copied_until" = now();
