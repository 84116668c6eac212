CREATE TABLE `installation` (
	`singleton` integer PRIMARY KEY DEFAULT 1 NOT NULL,
	`device_id` text NOT NULL,
	`created_at` text NOT NULL,
	CONSTRAINT "installation_single_row" CHECK("installation"."singleton" = 1)
);
--> statement-breakpoint
ALTER TABLE `audit_log` ADD `user_id` text;--> statement-breakpoint
ALTER TABLE `audit_log` ADD `device_id` text;