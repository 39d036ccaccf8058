CREATE INDEX "inbox_messages_lead_idx" ON "inbox_messages" USING btree ("lead_id");--> statement-breakpoint
CREATE INDEX "inbox_messages_sent_email_idx" ON "inbox_messages" USING btree ("sent_email_id");--> statement-breakpoint
CREATE INDEX "inbox_messages_thread_latest_idx" ON "inbox_messages" USING btree ("workspace_id",coalesce("thread_key", "id"),"received_at" DESC NULLS LAST) WHERE "inbox_messages"."direction" = 'inbound';--> statement-breakpoint
CREATE INDEX "sent_emails_lead_mailbox_sent_at_idx" ON "sent_emails" USING btree ("lead_id","mailbox_id","sent_at");