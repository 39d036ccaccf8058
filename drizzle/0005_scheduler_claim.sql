ALTER TABLE "campaign_leads" ADD COLUMN "lead_active" boolean DEFAULT true NOT NULL;--> statement-breakpoint
CREATE INDEX "campaign_leads_mailbox_idx" ON "campaign_leads" USING btree ("mailbox_id");--> statement-breakpoint
CREATE INDEX "campaign_leads_bound_due_idx" ON "campaign_leads" USING btree ("mailbox_id","campaign_id",coalesce(next_send_at, '-infinity'::timestamptz),"created_at") WHERE status = 'queued' and lead_active and mailbox_id is not null;--> statement-breakpoint
CREATE INDEX "campaign_leads_unbound_due_idx" ON "campaign_leads" USING btree ("campaign_id",coalesce(next_send_at, '-infinity'::timestamptz),"created_at") WHERE status = 'queued' and lead_active and mailbox_id is null;--> statement-breakpoint
CREATE INDEX "sent_emails_mailbox_created_idx" ON "sent_emails" USING btree ("mailbox_id","created_at");--> statement-breakpoint
CREATE INDEX "sent_emails_campaign_created_idx" ON "sent_emails" USING btree ("campaign_id","created_at");--> statement-breakpoint
CREATE INDEX "sent_emails_queued_idx" ON "sent_emails" USING btree ("created_at") WHERE status = 'queued';--> statement-breakpoint
-- hand-written: campaign_leads.lead_active mirrors leads.status; existing rows of leads already unsubscribed or bounced start inactive
UPDATE "campaign_leads" cl SET "lead_active" = false FROM "leads" l WHERE l."id" = cl."lead_id" AND l."status" <> 'active';
