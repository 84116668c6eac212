CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`user_name` text NOT NULL,
	`full_name` text NOT NULL,
	`role` text NOT NULL,
	`password_hash` text NOT NULL,
	`password_salt` text NOT NULL,
	`password_params` text NOT NULL,
	`disabled_at` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL,
	CONSTRAINT "users_role" CHECK("users"."role" IN ('admin', 'clerk')),
	CONSTRAINT "users_password_params_json" CHECK(json_valid("users"."password_params"))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_user_name` ON `users` (`user_name`);