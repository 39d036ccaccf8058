-- The bounce's class and reason, generated from the bounce JSON so they never disagree with it
-- (drizzle declares them as plain columns: see src/lib/db/schema/inbox.ts). Rows stored before
-- reasons existed have a type and no reason.
ALTER TABLE "inbox_messages" ADD COLUMN "bounce_type" text GENERATED ALWAYS AS (bounce ->> 'type') STORED;--> statement-breakpoint
ALTER TABLE "inbox_messages" ADD COLUMN "bounce_reason" text GENERATED ALWAYS AS (bounce ->> 'reason') STORED;
