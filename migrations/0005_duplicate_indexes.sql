DROP INDEX `entries_duplicate_key`;--> statement-breakpoint
CREATE INDEX `entries_number_key` ON `entries` (`book_type`,`so_year`,`so_number`);--> statement-breakpoint
CREATE INDEX `entries_so_text` ON `entries` (`book_type`,`so`);