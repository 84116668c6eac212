-- The audit log becomes a hash chain (each event carries the hash of the one before it and, for
-- entries, the entry's content hash), the outbox records what sync will send, and entries carry
-- the version of their field schema. Existing events are chained here, in seq order: the last
-- event of each entry gets the entry's current content hash (what it holds as of this upgrade).
-- Removing a scan file leaves a tombstone (removed_at) on it and its pages instead of a hole:
-- entries keep their page references; page numbers and file hashes stay unique among live rows.
-- sohoa_audit_hash is registered by the app before migrating (electron/backend/db/database.ts).
ALTER TABLE `audit_log` ADD `content_hash` text;--> statement-breakpoint
ALTER TABLE `audit_log` ADD `prev_hash` text;--> statement-breakpoint
ALTER TABLE `audit_log` ADD `hash` text;--> statement-breakpoint
ALTER TABLE `entries` ADD `schema_version` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
-- Entries stored so far are in version 2 (their marks were split by migration 0006).
UPDATE `entries` SET `schema_version` = 2;--> statement-breakpoint
ALTER TABLE `scan_files` ADD `removed_at` text;--> statement-breakpoint
ALTER TABLE `scan_files` ADD `removed_by` text;--> statement-breakpoint
ALTER TABLE `pages` ADD `removed_at` text;--> statement-breakpoint
DROP INDEX `scan_files_book_sha`;--> statement-breakpoint
CREATE UNIQUE INDEX `scan_files_book_sha` ON `scan_files` (`book_id`,`sha256`) WHERE "scan_files"."removed_at" is null;--> statement-breakpoint
DROP INDEX `pages_book_page_no`;--> statement-breakpoint
CREATE UNIQUE INDEX `pages_book_page_no` ON `pages` (`book_id`,`page_no`) WHERE "pages"."removed_at" is null;--> statement-breakpoint
CREATE TABLE `outbox` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`entity_type` text NOT NULL,
	`entity_id` text NOT NULL,
	`version` integer,
	`content_hash` text,
	`audit_seq` integer NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`audit_seq`) REFERENCES `audit_log`(`seq`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `outbox_entity` ON `outbox` (`entity_type`,`entity_id`);--> statement-breakpoint
DROP TRIGGER `audit_log_no_update`;--> statement-breakpoint
UPDATE `audit_log`
SET `content_hash` = (SELECT e.`content_hash` FROM `entries` e WHERE e.`id` = `audit_log`.`entity_id`)
WHERE `entity_type` = 'entry'
  AND `seq` = (SELECT max(a.`seq`) FROM `audit_log` a WHERE a.`entity_type` = 'entry' AND a.`entity_id` = `audit_log`.`entity_id`);
--> statement-breakpoint
CREATE TEMP TABLE `audit_chain` AS
WITH RECURSIVE `chain` (`seq`, `prev_hash`, `hash`) AS (
  SELECT a.`seq`, NULL,
    sohoa_audit_hash(NULL, a.`seq`, a.`at`, a.`actor`, a.`user_id`, a.`device_id`, a.`action`, a.`entity_type`,
      a.`entity_id`, a.`version`, a.`before`, a.`after`, a.`content_hash`)
  FROM `audit_log` a WHERE a.`seq` = (SELECT min(`seq`) FROM `audit_log`)
  UNION ALL
  SELECT a.`seq`, c.`hash`,
    sohoa_audit_hash(c.`hash`, a.`seq`, a.`at`, a.`actor`, a.`user_id`, a.`device_id`, a.`action`, a.`entity_type`,
      a.`entity_id`, a.`version`, a.`before`, a.`after`, a.`content_hash`)
  FROM `chain` c JOIN `audit_log` a ON a.`seq` = (SELECT min(n.`seq`) FROM `audit_log` n WHERE n.`seq` > c.`seq`)
)
SELECT `seq`, `prev_hash`, `hash` FROM `chain`;
--> statement-breakpoint
UPDATE `audit_log`
SET `prev_hash` = (SELECT c.`prev_hash` FROM `audit_chain` c WHERE c.`seq` = `audit_log`.`seq`),
  `hash` = (SELECT c.`hash` FROM `audit_chain` c WHERE c.`seq` = `audit_log`.`seq`);
--> statement-breakpoint
DROP TABLE `audit_chain`;--> statement-breakpoint
CREATE TRIGGER `audit_log_no_update` BEFORE UPDATE ON `audit_log`
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
