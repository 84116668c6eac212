CREATE TABLE `import_run_entries` (
	`import_id` text NOT NULL,
	`entry_id` text NOT NULL,
	PRIMARY KEY(`import_id`, `entry_id`)
);
--> statement-breakpoint
CREATE TABLE `import_runs` (
	`id` text PRIMARY KEY NOT NULL,
	`book_id` text NOT NULL,
	`pid` integer NOT NULL,
	`host` text NOT NULL,
	`started_at` text NOT NULL,
	`finished_at` text,
	`cancelled_at` text,
	`state` text NOT NULL,
	CONSTRAINT "import_runs_state_check" CHECK("import_runs"."state" IN ('running', 'finished', 'cancelled'))
);
--> statement-breakpoint
CREATE INDEX `import_runs_state` ON `import_runs` (`state`);