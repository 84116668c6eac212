-- entries.search_text is read only by the FTS5 triggers (search goes through entries_fts): the
-- plain index on it served no query and cost every insert and bulk load a B-tree write.
DROP INDEX `entries_search`;
