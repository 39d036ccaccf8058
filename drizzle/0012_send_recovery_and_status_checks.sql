ALTER TABLE "sent_emails" ADD COLUMN "claimed_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "sent_emails_sending_idx" ON "sent_emails" USING btree ("claimed_at") WHERE status = 'sending';--> statement-breakpoint
ALTER TABLE "campaign_leads" ADD CONSTRAINT "campaign_leads_status_check" CHECK ("campaign_leads"."status" in ('queued', 'sending', 'completed', 'replied', 'bounced', 'unsubscribed', 'stopped'));--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_status_check" CHECK ("campaigns"."status" in ('draft', 'active', 'paused', 'completed'));--> statement-breakpoint
ALTER TABLE "domain_orders" ADD CONSTRAINT "domain_orders_status_check" CHECK ("domain_orders"."status" in ('pending_payment', 'paid', 'completed', 'failed', 'expired'));--> statement-breakpoint
ALTER TABLE "domains" ADD CONSTRAINT "domains_status_check" CHECK ("domains"."status" in ('pending_payment', 'paid', 'registering', 'registered', 'configuring_dns', 'verifying_dns', 'active', 'failed', 'cancelled'));--> statement-breakpoint
ALTER TABLE "provider_accounts" ADD CONSTRAINT "provider_accounts_status_check" CHECK ("provider_accounts"."status" in ('untested', 'ok', 'error'));--> statement-breakpoint
ALTER TABLE "inbox_messages" ADD CONSTRAINT "inbox_messages_delivery_status_check" CHECK ("inbox_messages"."delivery_status" in ('sending', 'sent', 'failed'));--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_status_check" CHECK ("webhook_deliveries"."status" in ('pending', 'delivered', 'failed'));--> statement-breakpoint
ALTER TABLE "lead_imports" ADD CONSTRAINT "lead_imports_status_check" CHECK ("lead_imports"."status" in ('pending', 'running', 'completed', 'failed'));--> statement-breakpoint
ALTER TABLE "leads" ADD CONSTRAINT "leads_status_check" CHECK ("leads"."status" in ('active', 'unsubscribed', 'bounced'));--> statement-breakpoint
ALTER TABLE "suppressions" ADD CONSTRAINT "suppressions_kind_check" CHECK ("suppressions"."kind" in ('email', 'domain'));--> statement-breakpoint
ALTER TABLE "suppressions" ADD CONSTRAINT "suppressions_reason_check" CHECK ("suppressions"."reason" in ('unsubscribed', 'bounced', 'blocked', 'complained'));--> statement-breakpoint
ALTER TABLE "mailboxes" ADD CONSTRAINT "mailboxes_status_check" CHECK ("mailboxes"."status" in ('active', 'paused', 'error'));--> statement-breakpoint
ALTER TABLE "mailboxes" ADD CONSTRAINT "mailboxes_provider_check" CHECK ("mailboxes"."provider" in ('smtp', 'google', 'microsoft'));--> statement-breakpoint
ALTER TABLE "email_events" ADD CONSTRAINT "email_events_type_check" CHECK ("email_events"."type" in ('sent', 'open', 'click', 'reply', 'bounce', 'unsubscribe', 'complaint'));--> statement-breakpoint
ALTER TABLE "sent_emails" ADD CONSTRAINT "sent_emails_status_check" CHECK ("sent_emails"."status" in ('queued', 'sending', 'sent', 'failed', 'bounced', 'unknown'));