CREATE TABLE "campaign_counter_deltas" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "campaign_counter_deltas_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"campaign_id" text NOT NULL,
	"leads" integer DEFAULT 0 NOT NULL,
	"replied" integer DEFAULT 0 NOT NULL,
	"sent" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "campaign_counter_deltas" ADD CONSTRAINT "campaign_counter_deltas_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "campaign_counter_deltas_campaign_idx" ON "campaign_counter_deltas" USING btree ("campaign_id");--> statement-breakpoint
-- hand-written: statement-level triggers with transition tables (one trigger per event, as
-- PostgreSQL requires) append one row per campaign whose totals a statement changed, so every
-- path that adds or removes campaign leads, marks a reply or records a send keeps the totals
-- exact in its own transaction, and appending locks no shared row (no writer ever waits on
-- another here). A campaign being deleted (its rows cascading) is skipped: its deltas go with it.
CREATE FUNCTION campaign_leads_counters() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO campaign_counter_deltas (campaign_id, leads, replied)
    SELECT campaign_id, count(*), count(*) FILTER (WHERE status = 'replied')
    FROM new_rows GROUP BY campaign_id;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO campaign_counter_deltas (campaign_id, leads, replied)
    SELECT o.campaign_id, -count(*), -count(*) FILTER (WHERE o.status = 'replied')
    FROM old_rows o WHERE EXISTS (SELECT 1 FROM campaigns k WHERE k.id = o.campaign_id)
    GROUP BY o.campaign_id;
  ELSE
    INSERT INTO campaign_counter_deltas (campaign_id, leads, replied)
    SELECT campaign_id, sum(n), sum(r) FROM (
      SELECT campaign_id, 1 AS n, (status = 'replied')::int AS r FROM new_rows
      UNION ALL
      SELECT campaign_id, -1, -(status = 'replied')::int FROM old_rows) u
    GROUP BY campaign_id HAVING sum(n) <> 0 OR sum(r) <> 0;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION sent_emails_counters() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO campaign_counter_deltas (campaign_id, sent)
    SELECT campaign_id, count(*) FROM new_rows WHERE status IN ('sent', 'bounced') GROUP BY campaign_id;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO campaign_counter_deltas (campaign_id, sent)
    SELECT o.campaign_id, -count(*) FROM old_rows o
    WHERE o.status IN ('sent', 'bounced') AND EXISTS (SELECT 1 FROM campaigns k WHERE k.id = o.campaign_id)
    GROUP BY o.campaign_id;
  ELSE
    INSERT INTO campaign_counter_deltas (campaign_id, sent)
    SELECT campaign_id, sum(s) FROM (
      SELECT campaign_id, 1 AS s FROM new_rows WHERE status IN ('sent', 'bounced')
      UNION ALL
      SELECT campaign_id, -1 FROM old_rows WHERE status IN ('sent', 'bounced')) u
    GROUP BY campaign_id HAVING sum(s) <> 0;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER campaign_leads_counters_ins AFTER INSERT ON campaign_leads
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION campaign_leads_counters();
--> statement-breakpoint
CREATE TRIGGER campaign_leads_counters_upd AFTER UPDATE ON campaign_leads
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION campaign_leads_counters();
--> statement-breakpoint
CREATE TRIGGER campaign_leads_counters_del AFTER DELETE ON campaign_leads
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION campaign_leads_counters();
--> statement-breakpoint
CREATE TRIGGER sent_emails_counters_ins AFTER INSERT ON sent_emails
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION sent_emails_counters();
--> statement-breakpoint
CREATE TRIGGER sent_emails_counters_upd AFTER UPDATE ON sent_emails
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION sent_emails_counters();
--> statement-breakpoint
CREATE TRIGGER sent_emails_counters_del AFTER DELETE ON sent_emails
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION sent_emails_counters();
--> statement-breakpoint
-- hand-written: the totals of the campaigns that exist when this migration runs
INSERT INTO campaign_counter_deltas (campaign_id, leads, replied, sent)
SELECT k.id,
  (SELECT count(*) FROM campaign_leads l WHERE l.campaign_id = k.id),
  (SELECT count(*) FROM campaign_leads l WHERE l.campaign_id = k.id AND l.status = 'replied'),
  (SELECT count(*) FROM sent_emails e WHERE e.campaign_id = k.id AND e.status IN ('sent', 'bounced'))
FROM campaigns k;
