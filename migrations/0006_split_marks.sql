-- Field marks split: "không rõ" (khongRo, value empty) and "không đọc được" (khongDocDuoc, what was
-- legible typed) become "Đọc chưa chắc" (docChuaChac: the reading is kept and flagged) and
-- "Không đọc được" (khongDocDuoc: the value is empty). A mark whose field holds a value becomes
-- docChuaChac, one whose field is empty becomes khongDocDuoc; amLich and ghiChu stay. Entries get
-- their content hash recomputed (sohoa_content_hash, registered by the app before migrating), the
-- stale "Không rõ" conflict warning removed, and one audit row each; drafts are migrated alike.
CREATE TEMP TABLE `mark_split` AS
SELECT
  e.`id` AS `id`,
  e.`version` AS `version`,
  json_extract(e.`data`, '$.danhDau') AS `old_marks`,
  (
    SELECT json_group_object(
      m.`key`,
      json(
        CASE
          WHEN json_extract(m.`value`, '$.khongRo') = 1 OR json_extract(m.`value`, '$.khongDocDuoc') = 1 THEN
            CASE
              WHEN EXISTS (
                SELECT 1 FROM json_tree(e.`data`) t
                WHERE replace(replace(substr(t.`fullkey`, 3), '[', '.'), ']', '') = m.`key`
                  AND t.`type` NOT IN ('null', 'object')
                  AND NOT (t.`type` = 'text' AND trim(t.`atom`) = '')
                  AND NOT (t.`type` = 'array' AND json_array_length(t.`value`) = 0)
              )
              THEN json_set(json_remove(m.`value`, '$.khongRo', '$.khongDocDuoc'), '$.docChuaChac', json('true'))
              ELSE json_set(json_remove(m.`value`, '$.khongRo', '$.docChuaChac'), '$.khongDocDuoc', json('true'))
            END
          ELSE json_remove(m.`value`, '$.khongRo')
        END
      )
    )
    FROM json_each(e.`data`, '$.danhDau') m
    WHERE json_type(m.`value`) = 'object'
  ) AS `new_marks`
FROM `entries` e
WHERE json_type(e.`data`, '$.danhDau') = 'object'
  AND EXISTS (
    SELECT 1 FROM json_each(e.`data`, '$.danhDau') m
    WHERE json_type(m.`value`) = 'object'
      AND (json_type(m.`value`, '$.khongRo') IS NOT NULL OR json_extract(m.`value`, '$.khongDocDuoc') = 1)
  );
--> statement-breakpoint
INSERT INTO `audit_log` (`at`, `actor`, `action`, `entity_type`, `entity_id`, `version`, `before`, `after`)
SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'migration-0006', 'entry.migrate', 'entry', `id`, `version`,
  json_object('danhDau', json(`old_marks`)), json_object('danhDau', json(`new_marks`))
FROM `mark_split`
ORDER BY `id`;
--> statement-breakpoint
UPDATE `entries`
SET `data` = json_set(`data`, '$.danhDau', json((SELECT `new_marks` FROM `mark_split` s WHERE s.`id` = `entries`.`id`)))
WHERE `id` IN (SELECT `id` FROM `mark_split`);
--> statement-breakpoint
UPDATE `entries`
SET
  `content_hash` = sohoa_content_hash(`data`),
  `warnings` = (
    SELECT json_group_array(json(w.`value`)) FROM json_each(`entries`.`warnings`) w
    WHERE coalesce(json_extract(w.`value`, '$.message'), '') NOT LIKE 'Ô được đánh dấu "Không rõ"%'
  )
WHERE `id` IN (SELECT `id` FROM `mark_split`);
--> statement-breakpoint
DROP TABLE `mark_split`;
--> statement-breakpoint
UPDATE `drafts`
SET `data` = json_set(`data`, '$.danhDau', json((
  SELECT json_group_object(
    m.`key`,
    json(
      CASE
        WHEN json_extract(m.`value`, '$.khongRo') = 1 OR json_extract(m.`value`, '$.khongDocDuoc') = 1 THEN
          CASE
            WHEN EXISTS (
              SELECT 1 FROM json_tree(`drafts`.`data`) t
              WHERE replace(replace(substr(t.`fullkey`, 3), '[', '.'), ']', '') = m.`key`
                AND t.`type` NOT IN ('null', 'object')
                AND NOT (t.`type` = 'text' AND trim(t.`atom`) = '')
                AND NOT (t.`type` = 'array' AND json_array_length(t.`value`) = 0)
            )
            THEN json_set(json_remove(m.`value`, '$.khongRo', '$.khongDocDuoc'), '$.docChuaChac', json('true'))
            ELSE json_set(json_remove(m.`value`, '$.khongRo', '$.docChuaChac'), '$.khongDocDuoc', json('true'))
          END
        ELSE json_remove(m.`value`, '$.khongRo')
      END
    )
  )
  FROM json_each(`drafts`.`data`, '$.danhDau') m
  WHERE json_type(m.`value`) = 'object'
)))
WHERE json_type(`data`, '$.danhDau') = 'object'
  AND EXISTS (
    SELECT 1 FROM json_each(`drafts`.`data`, '$.danhDau') m
    WHERE json_type(m.`value`) = 'object'
      AND (json_type(m.`value`, '$.khongRo') IS NOT NULL OR json_extract(m.`value`, '$.khongDocDuoc') = 1)
  );
