ALTER TABLE "sent_emails" DROP CONSTRAINT "sent_emails_step_id_campaign_steps_id_fk";
--> statement-breakpoint
ALTER TABLE "sent_emails" DROP CONSTRAINT "sent_emails_variant_id_step_variants_id_fk";
--> statement-breakpoint
ALTER TABLE "sent_emails" DROP CONSTRAINT "sent_emails_mailbox_id_mailboxes_id_fk";
--> statement-breakpoint
-- hand-written: the three keys' ON DELETE actions, once per statement (transition tables) rather
-- than a key check per inserted email. The scheduler's insert (writeClaims) locks the steps,
-- variants and mailboxes it refers to (KEY SHARE, or the mailbox's NO KEY UPDATE) in its own
-- transaction, so a delete of one waits for it and then finds its emails here. Each looks the
-- emails up by campaign or mailbox, which sent_emails indexes.
CREATE FUNCTION campaign_steps_delete_sent_emails() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM sent_emails s USING old_rows d WHERE s.campaign_id = d.campaign_id AND s.step_id = d.id;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER campaign_steps_delete_sent_emails AFTER DELETE ON campaign_steps
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION campaign_steps_delete_sent_emails();
--> statement-breakpoint
CREATE FUNCTION step_variants_unset_sent_emails() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE sent_emails s SET variant_id = NULL
  FROM old_rows d JOIN campaign_steps st ON st.id = d.step_id
  WHERE s.campaign_id = st.campaign_id AND s.variant_id = d.id;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER step_variants_unset_sent_emails AFTER DELETE ON step_variants
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION step_variants_unset_sent_emails();
--> statement-breakpoint
CREATE FUNCTION mailboxes_unset_sent_emails() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE sent_emails s SET mailbox_id = NULL FROM old_rows d WHERE s.mailbox_id = d.id;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER mailboxes_unset_sent_emails AFTER DELETE ON mailboxes
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION mailboxes_unset_sent_emails();
