-- A queued email is its own send job (the outbox): the worker's send loop claims due rows, earliest
-- first, instead of a pg-boss job per email. Emails queued before this carry no time: they are due
-- from when they were queued (their old campaign.send jobs have no worker any more and expire).
DROP INDEX "sent_emails_queued_idx";--> statement-breakpoint
ALTER TABLE "sent_emails" ADD COLUMN "send_at" timestamp with time zone;--> statement-breakpoint
UPDATE "sent_emails" SET "send_at" = "created_at" WHERE "status" = 'queued';--> statement-breakpoint
CREATE INDEX "sent_emails_due_idx" ON "sent_emails" USING btree ("send_at") WHERE status = 'queued';
