-- The narrow search table: one row per entry, keyed by its integer search key (the rowid of its
-- row in entries_fts), with only what search filters and sorts on. Search counts and takes a page
-- of keys here, with ORDER BY on an index and LIMIT before anything wide is read, then reads the
-- page's entries alone: no text-UUID join over every hit, no sort of every hit. Kept in step by
-- the triggers below, like entries_fts: every write path (save, edit, delete, restore, import,
-- sync) changes `entries`, so the derived rows follow in the same statement, whoever writes.
CREATE TABLE `search_rows` (
	`key` integer PRIMARY KEY NOT NULL,
	`entry_id` text NOT NULL,
	`book_id` text NOT NULL,
	`book_type` text NOT NULL,
	`year` integer,
	`deleted` integer NOT NULL,
	`warned` integer NOT NULL,
	`marked` integer NOT NULL,
	`so_year` integer,
	`so_number` integer,
	`so` text NOT NULL,
	`ngay_dang_ky` text,
	`name_key` text NOT NULL,
	`primary_name` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
INSERT INTO `search_rows` (`key`, `entry_id`, `book_id`, `book_type`, `year`, `deleted`, `warned`, `marked`,
    `so_year`, `so_number`, `so`, `ngay_dang_ky`, `name_key`, `primary_name`, `updated_at`)
  SELECT k.key, e.id, e.book_id, e.book_type, coalesce(e.so_year, e.registration_year),
    e.deleted_at IS NOT NULL, e.warnings != '[]', e.marked_count > 0,
    e.so_year, e.so_number, e.so, e.ngay_dang_ky, fold_name(e.primary_name), e.primary_name, e.updated_at
  FROM `entries` e JOIN `entry_search_keys` k ON k.entry_id = e.id;
--> statement-breakpoint
CREATE INDEX `search_rows_so` ON `search_rows` (`deleted`,`so_year`,`so_number`,`so`,`entry_id`);--> statement-breakpoint
CREATE INDEX `search_rows_name` ON `search_rows` (`deleted`,`name_key`,`primary_name`,`entry_id`);--> statement-breakpoint
CREATE INDEX `search_rows_book` ON `search_rows` (`book_id`,`deleted`,`so_year`,`so_number`,`so`,`entry_id`);--> statement-breakpoint
-- Deleted entries move to their own full-text index, so that a search of the live entries (what
-- the clerk searches unless asking for deleted ones) counts its hits in entries_fts alone.
CREATE VIRTUAL TABLE `entries_fts_deleted` USING fts5(
  search_text,
  content='',
  tokenize='unicode61 remove_diacritics 2'
);
--> statement-breakpoint
INSERT INTO `entries_fts`(`entries_fts`, rowid, search_text)
  SELECT 'delete', k.key, e.search_text FROM `entries` e JOIN `entry_search_keys` k ON k.entry_id = e.id
  WHERE e.deleted_at IS NOT NULL;
--> statement-breakpoint
INSERT INTO `entries_fts_deleted`(rowid, search_text)
  SELECT k.key, e.search_text FROM `entries` e JOIN `entry_search_keys` k ON k.entry_id = e.id
  WHERE e.deleted_at IS NOT NULL;
--> statement-breakpoint
DROP TRIGGER `entries_fts_insert`;
--> statement-breakpoint
CREATE TRIGGER `entries_fts_insert` AFTER INSERT ON `entries` BEGIN
  INSERT INTO `entry_search_keys`(entry_id) VALUES (new.id);
  INSERT INTO `entries_fts`(rowid, search_text)
    SELECT key, new.search_text FROM `entry_search_keys` WHERE entry_id = new.id AND new.deleted_at IS NULL;
  INSERT INTO `entries_fts_deleted`(rowid, search_text)
    SELECT key, new.search_text FROM `entry_search_keys` WHERE entry_id = new.id AND new.deleted_at IS NOT NULL;
  INSERT INTO `search_rows` (`key`, `entry_id`, `book_id`, `book_type`, `year`, `deleted`, `warned`, `marked`,
      `so_year`, `so_number`, `so`, `ngay_dang_ky`, `name_key`, `primary_name`, `updated_at`)
    SELECT key, new.id, new.book_id, new.book_type, coalesce(new.so_year, new.registration_year),
      new.deleted_at IS NOT NULL, new.warnings != '[]', new.marked_count > 0,
      new.so_year, new.so_number, new.so, new.ngay_dang_ky, fold_name(new.primary_name), new.primary_name,
      new.updated_at
    FROM `entry_search_keys` WHERE entry_id = new.id;
END;
--> statement-breakpoint
DROP TRIGGER `entries_fts_update`;
--> statement-breakpoint
CREATE TRIGGER `entries_fts_update` AFTER UPDATE OF search_text, deleted_at ON `entries` BEGIN
  INSERT INTO `entries_fts`(`entries_fts`, rowid, search_text)
    SELECT 'delete', key, old.search_text FROM `entry_search_keys` WHERE entry_id = old.id AND old.deleted_at IS NULL;
  INSERT INTO `entries_fts_deleted`(`entries_fts_deleted`, rowid, search_text)
    SELECT 'delete', key, old.search_text FROM `entry_search_keys`
    WHERE entry_id = old.id AND old.deleted_at IS NOT NULL;
  INSERT INTO `entries_fts`(rowid, search_text)
    SELECT key, new.search_text FROM `entry_search_keys` WHERE entry_id = new.id AND new.deleted_at IS NULL;
  INSERT INTO `entries_fts_deleted`(rowid, search_text)
    SELECT key, new.search_text FROM `entry_search_keys` WHERE entry_id = new.id AND new.deleted_at IS NOT NULL;
END;
--> statement-breakpoint
CREATE TRIGGER `search_rows_update` AFTER UPDATE OF `book_id`, `book_type`, `so`, `so_number`, `so_year`,
    `registration_year`, `ngay_dang_ky`, `primary_name`, `warnings`, `marked_count`, `updated_at`, `deleted_at`
  ON `entries` BEGIN
  UPDATE `search_rows` SET `book_id` = new.book_id, `book_type` = new.book_type,
      `year` = coalesce(new.so_year, new.registration_year), `deleted` = new.deleted_at IS NOT NULL,
      `warned` = new.warnings != '[]', `marked` = new.marked_count > 0, `so_year` = new.so_year,
      `so_number` = new.so_number, `so` = new.so, `ngay_dang_ky` = new.ngay_dang_ky,
      `name_key` = CASE WHEN new.primary_name IS old.primary_name THEN `name_key` ELSE fold_name(new.primary_name) END,
      `primary_name` = new.primary_name, `updated_at` = new.updated_at
    WHERE `key` = (SELECT key FROM `entry_search_keys` WHERE entry_id = new.id);
END;
