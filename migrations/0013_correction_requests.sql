CREATE TABLE `correction_requests` (
	`id` text PRIMARY KEY NOT NULL,
	`lot_id` text NOT NULL,
	`book_id` text NOT NULL,
	`entry_id` text NOT NULL,
	`entry_version` integer NOT NULL,
	`field` text NOT NULL,
	`field_label` text NOT NULL,
	`typed_value` text NOT NULL,
	`read_value` text NOT NULL,
	`note` text NOT NULL,
	`requested_at` text NOT NULL,
	`requested_by` text NOT NULL,
	`received_at` text NOT NULL,
	`state` text DEFAULT 'open' NOT NULL,
	`answer_kind` text,
	`answer_reason` text,
	`answered_version` integer,
	`answered_at` text,
	`answered_by` text,
	`answer_sent_at` text,
	CONSTRAINT "correction_requests_state" CHECK("correction_requests"."state" IN ('open', 'answered')),
	CONSTRAINT "correction_requests_answer" CHECK(("correction_requests"."state" = 'open' AND "correction_requests"."answer_kind" IS NULL) OR ("correction_requests"."state" = 'answered' AND "correction_requests"."answer_kind" IN ('corrected', 'kept') AND "correction_requests"."answered_at" IS NOT NULL))
);
--> statement-breakpoint
CREATE INDEX `correction_requests_entry` ON `correction_requests` (`entry_id`);--> statement-breakpoint
CREATE INDEX `correction_requests_book` ON `correction_requests` (`book_id`,`state`);