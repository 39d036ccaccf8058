ALTER TABLE "sent_emails" DROP CONSTRAINT "sent_emails_workspace_id_workspaces_id_fk";
--> statement-breakpoint
ALTER TABLE "sent_emails" DROP CONSTRAINT "sent_emails_campaign_id_campaigns_id_fk";
--> statement-breakpoint
ALTER TABLE "sent_emails" DROP CONSTRAINT "sent_emails_lead_id_leads_id_fk";
--> statement-breakpoint
DROP INDEX "sent_emails_campaign_idx";--> statement-breakpoint
DROP INDEX "sent_emails_provider_message_id_idx";--> statement-breakpoint
DROP INDEX "sent_emails_mailbox_sent_at_idx";--> statement-breakpoint
CREATE INDEX "sent_emails_provider_message_id_idx" ON "sent_emails" USING btree ("provider_message_id") WHERE provider_message_id is not null;--> statement-breakpoint
CREATE INDEX "sent_emails_mailbox_sent_at_idx" ON "sent_emails" USING btree ("mailbox_id","sent_at") WHERE sent_at is not null;