CREATE TABLE `sync_acks` (
	`entity_type` text NOT NULL,
	`entity_id` text NOT NULL,
	`version` integer NOT NULL,
	`content_hash` text NOT NULL,
	`hub_seq` integer NOT NULL,
	`acked_at` text NOT NULL,
	PRIMARY KEY(`entity_type`, `entity_id`)
);
--> statement-breakpoint
CREATE TABLE `sync_batches` (
	`batch_id` text PRIMARY KEY NOT NULL,
	`outbox_from` integer NOT NULL,
	`outbox_to` integer NOT NULL,
	`batch_hash` text NOT NULL,
	`manifest` text NOT NULL,
	`payload` text NOT NULL,
	`state` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` text,
	`last_error` text,
	`last_error_at` text,
	`receipt` text,
	`uploads` text DEFAULT '{}' NOT NULL,
	`created_at` text NOT NULL,
	`committed_at` text,
	CONSTRAINT "sync_batches_state" CHECK("sync_batches"."state" IN ('building', 'pending', 'committed', 'set_aside')),
	CONSTRAINT "sync_batches_json" CHECK(json_valid("sync_batches"."manifest") AND json_valid("sync_batches"."payload") AND json_valid("sync_batches"."uploads"))
);
--> statement-breakpoint
CREATE INDEX `sync_batches_order` ON `sync_batches` (`state`,`outbox_from`);--> statement-breakpoint
CREATE TABLE `sync_conflicts` (
	`entry_id` text PRIMARY KEY NOT NULL,
	`batch_id` text NOT NULL,
	`base_version` integer NOT NULL,
	`hub_version` integer NOT NULL,
	`incoming_version` integer NOT NULL,
	`hub_content_hash` text NOT NULL,
	`incoming_content_hash` text NOT NULL,
	`at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sync_settings` (
	`singleton` integer PRIMARY KEY DEFAULT 1 NOT NULL,
	`hub_url` text NOT NULL,
	`credential` text NOT NULL,
	`commune_code` text NOT NULL,
	`commune_name` text NOT NULL,
	`hub_name` text NOT NULL,
	`enrolled_at` text NOT NULL,
	`last_success_at` text,
	`last_probe_at` text,
	`online` integer,
	CONSTRAINT "sync_settings_single_row" CHECK("sync_settings"."singleton" = 1)
);
