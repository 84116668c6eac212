/**
 * The export column sets against the entry schemas (drift both ways), and a round trip of a
 * complete entry of every type through a real .xlsx file read back with exceljs.
 */
import ExcelJS from 'exceljs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openEntriesWorkbook } from '../../../electron/backend/export/xlsx';
import { GENDERS } from '../../../shared/catalogs/people';
import { ID_TYPES } from '../../../shared/catalogs/id-types';
import {
  CHANGE_KINDS,
  CIVIL_STATUS_DOCUMENTS,
  DIVORCE_KINDS,
  DIVORCE_SOURCES,
  GUARDIANSHIP_KINDS,
  TERMINATION_KINDS,
  TERMINATION_REASONS,
} from '../../../shared/catalogs/pick-lists';
import { CODE_LISTS, hasExportCode, type CodeListId } from '../../../shared/export/code-lists';
import { COLUMN_SETS, currentColumnSet, entryColumns, type ColumnSet } from '../../../shared/export/column-sets';
import {
  entryCells,
  expectedLeaves,
  flattenLeaves,
  getPath,
  matchHeader,
  parseRow,
  uncoveredPaths,
  unflattenLeaves,
  type BookValues,
} from '../../../shared/export/row-codec';
import { canonicalRecordData, recordTypeFor } from '../../../shared/records/registry';
import { tempDir } from '../backend/helpers';
import { SAMPLES } from './samples';
import { pattern, schemaPaths } from './schema-paths';

const TYPES = ['GH', 'CDGH', 'LH', 'TD'] as const;
/** Registration columns a Ministry template inserts among the shared ones (CMC: quyetDinhSo, loaiXacNhan). */
const TEMPLATE_REGISTRATION_EXTRAS = new Set(['quyetDinhSo', 'loaiXacNhan']);
const BOOK: BookValues = { office: 'UBND xã Tân Lập', officeCode: '04567', volume: '01/2018', yearOpened: 2018 };

function setOf(type: string): ColumnSet {
  const set = currentColumnSet(type);
  if (!set) throw new Error(`no column set for ${type}`);
  return set;
}

/** The sample as it is stored: parsed by the current schema, in canonical form. */
function storedSample(type: (typeof TYPES)[number]): Record<string, unknown> {
  const parsed = recordTypeFor(type)!.schema.safeParse(SAMPLES[type]);
  if (!parsed.success) {
    throw new Error(`sample ${type} is not valid: ${JSON.stringify(parsed.error.issues.slice(0, 5))}`);
  }
  return canonicalRecordData(parsed.data) as Record<string, unknown>;
}

describe('column sets', () => {
  it('are versioned data with unique BTP-style column names', () => {
    for (const [type, versions] of Object.entries(COLUMN_SETS)) {
      expect(versions!.map((s) => s.version)).toEqual([...versions!.map((s) => s.version)].sort((a, b) => a - b));
      for (const set of versions!) {
        expect(set.bookType).toBe(type);
        const names = set.columns.map((c) => c.column);
        expect(new Set(names).size, `${type} v${set.version} has a repeated column`).toBe(names.length);
        for (const name of names) expect(name).toMatch(/^[A-Za-z][A-Za-z0-9]*$/);
        expect(names.filter((n) => !TEMPLATE_REGISTRATION_EXTRAS.has(n)).slice(0, 11)).toEqual([
          'STT',
          'so',
          'quyenSo',
          'trangSo',
          'ngayDangKy',
          'loaiDangKy',
          'noiDangKy',
          'nguoiKy',
          'chucVuNguoiKy',
          'nguoiThucHien',
          'ghiChu',
        ]);
        for (const column of set.columns) {
          if (column.kind === 'code' || column.kind === 'codes') expect(column.codeList).toBeDefined();
        }
      }
    }
  });

  it('give every value of the pick lists an export code', () => {
    const catalogs: [CodeListId, readonly { code: string }[]][] = [
      ['gioiTinh', GENDERS],
      ['loaiGiayToTuyThan', ID_TYPES],
      ['loaiGiamHo', GUARDIANSHIP_KINDS],
      ['loaiChamDutGiamHo', TERMINATION_KINDS],
      ['lyDoChamDutGiamHo', TERMINATION_REASONS],
      ['loaiViecLyHon', DIVORCE_KINDS],
      ['nguonLyHon', DIVORCE_SOURCES],
      ['loaiThayDoi', CHANGE_KINDS],
      ['loaiGiayToHoTich', CIVIL_STATUS_DOCUMENTS],
    ];
    for (const [listId, catalog] of catalogs) {
      const missing = catalog.filter((item) => !hasExportCode(listId, item.code)).map((i) => i.code);
      expect(missing, `code list ${listId} lacks values of its catalog`).toEqual([]);
      const codes = CODE_LISTS[listId].entries.map((e) => e.code);
      expect(new Set(codes).size, `code list ${listId} repeats a code`).toBe(codes.length);
    }
  });
});

describe.each(TYPES)('%s column set against the %s schema', (type) => {
  const recordType = recordTypeFor(type);

  it.skipIf(!recordType)('has a complete sample entry that the current schema accepts', () => {
    expect(() => storedSample(type)).not.toThrow();
  });

  it.skipIf(!recordType)('finds every column path in the complete sample entry', () => {
    const stored = storedSample(type);
    const missing = entryColumns(setOf(type))
      .filter((c) => getPath(stored, c.path) === undefined)
      .map((c) => `${c.column} → ${c.path}`);
    expect(missing, 'column paths with no value in the complete sample (renamed or removed fields?)').toEqual([]);
  });

  it.skipIf(!recordType)('has a column, or a stated reason, for every field of the schema', () => {
    const set = setOf(type);
    const { leaves, maxItems } = schemaPaths(recordType!.schema);
    const columns = entryColumns(set);
    const covered = (leaf: string) =>
      columns.some((c) => pattern(c.path) === leaf || (c.kind === 'codes' && `${pattern(c.path)}.#` === leaf)) ||
      set.notExported.some((n) => leaf === pattern(n.path) || leaf.startsWith(`${pattern(n.path)}.`));
    expect(
      [...leaves].filter((leaf) => !covered(leaf)),
      'schema fields without a column',
    ).toEqual([]);
    const notInSchema = columns
      .filter((c) => !leaves.has(pattern(c.path)) && !(c.kind === 'codes' && leaves.has(`${pattern(c.path)}.#`)))
      .map((c) => `${c.column} → ${c.path}`);
    expect(notInSchema, 'columns whose path is not a field of the schema').toEqual([]);
    // Lists: a column for every position the schema allows, so nothing is cut off.
    for (const [list, max] of maxItems) {
      const indexed = columns.filter(
        (c) => c.path.startsWith(`${list}.`) && /^\d+$/.test(c.path.slice(list.length + 1).split('.')[0]!),
      );
      if (indexed.length === 0) continue;
      const positions = new Set(indexed.map((c) => Number(c.path.slice(list.length + 1).split('.')[0])));
      expect(positions.size, `${list}: columns for ${positions.size} of ${max} items`).toBe(max);
    }
    expect(uncoveredPaths(set, storedSample(type))).toEqual([]);
  });

  it.skipIf(!recordType)('gives the same entry back after a round trip through a real .xlsx file', async () => {
    const set = setOf(type);
    const stored = storedSample(type);
    const minimal = { so: '1/2018', trangSo: 3 };
    const file = path.join(await tempDir('sohoa-xlsx-'), `${type}.xlsx`);
    const workbook = await openEntriesWorkbook(file, set);
    workbook.addRow(entryCells(set, stored, BOOK, 1));
    workbook.addRow(entryCells(set, minimal, BOOK, 2));
    await workbook.finish();

    // Read back with exceljs' ordinary reader, independently of the export's streaming reader.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['DL Import', 'Ghi chu']);
    const sheet = wb.worksheets[0]!;
    const rows: string[][] = [];
    sheet.eachRow((row, rowNumber) => {
      const cells: string[] = [];
      for (let c = 1; c <= set.columns.length; c++) {
        const cell = row.getCell(c);
        expect(cell.formula, `formula at ${cell.address}`).toBeUndefined();
        // Text everywhere; the header's notes are rich text (italics); STT is a number.
        const allowed =
          rowNumber === 1
            ? [ExcelJS.ValueType.String, ExcelJS.ValueType.RichText]
            : set.columns[c - 1]!.source === 'rowNumber'
              ? [ExcelJS.ValueType.Number]
              : [ExcelJS.ValueType.String, ExcelJS.ValueType.Null];
        expect(allowed, `type at ${cell.address}`).toContain(cell.type);
        const value = cell.value;
        cells.push(
          value === null
            ? ''
            : typeof value === 'object' && 'richText' in value
              ? value.richText.map((r) => r.text).join('')
              : String(value),
        );
      }
      rows.push(cells);
    });
    expect(rows).toHaveLength(3);
    const match = matchHeader(set, rows[0]!);
    expect(match.exact).toBe(true);

    const first = parseRow(set, match, rows[1]!);
    expect(first.rowNumber).toBe(1);
    expect(first.book).toEqual({ noiDangKy: BOOK.office });
    expect(first.leaves).toEqual(expectedLeaves(set, stored, BOOK));
    // The same entry: every stored leaf except those left out on purpose.
    const kept = Object.fromEntries(
      Object.entries(flattenLeaves(stored)).filter(
        ([p]) => !set.notExported.some((n) => p === n.path || p.startsWith(`${n.path}.`)),
      ),
    );
    expect(flattenLeaves(unflattenLeaves(first.leaves))).toEqual(kept);
    expect(recordType!.schema.safeParse(unflattenLeaves(first.leaves)).success).toBe(true);
    // Dates keep their precision; codes are written as codes.
    const cellOf = (column: string) => rows[1]![set.columns.findIndex((c) => c.column === column)];
    expect(cellOf('ngayDangKy')).toMatch(/^\d{2}\.\d{2}\.\d{4}$/);
    expect(cellOf('ghiChu')).toBe('=SUM(A1:A2) ghi chú bên lề');

    const second = parseRow(set, match, rows[2]!);
    expect(second.leaves).toEqual({ so: '1/2018', trangSo: 3, quyenSo: '01/2018' });
  });
});

describe('dates and codes in cells', () => {
  it('writes each date in its own precision and reads it back', () => {
    const set = setOf('GH');
    const data = {
      so: '1/2018',
      trangSo: 1,
      ngayDangKy: '2018-03',
      loaiGiamHo: 'duong-nhien',
      nguoiGiamHo: [{ hoTen: 'A', ngaySinh: '1970', gioiTinh: '1' }],
      nguoiDuocGiamHo: { hoTen: 'B', ngaySinh: '2010-07-12' },
    };
    const cells = entryCells(set, data, BOOK, 1);
    const at = (column: string) => cells[set.columns.findIndex((c) => c.column === column)];
    expect(at('ngayDangKy')).toBe('03.2018');
    expect(at('ngh1NgaySinh')).toBe('1970');
    expect(at('ndghNgaySinh')).toBe('12.07.2010');
    expect(at('loaiDangKy')).toBe('2');
    expect(at('ngh1GioiTinh')).toBe('1');
    expect(at('noiDangKy')).toBe('UBND xã Tân Lập');
    expect(at('quyenSo')).toBe('01/2018');
    const header = set.columns.map((c) => c.column);
    expect(parseRow(set, matchHeader(set, header), cells).leaves).toEqual(expectedLeaves(set, data, BOOK));
  });

  it('writes a list of codes as one cell and reads it back', () => {
    const set = setOf('TD');
    const data = { so: '1/2021', trangSo: 1, loaiThayDoi: ['cai-chinh', 'bo-sung'] };
    const cells = entryCells(set, data, BOOK, 1);
    expect(cells[set.columns.findIndex((c) => c.column === 'loaiDangKy')]).toBe('2,3');
    const header = set.columns.map((c) => c.column);
    expect(parseRow(set, matchHeader(set, header), cells).leaves).toMatchObject({
      'loaiThayDoi.0': 'cai-chinh',
      'loaiThayDoi.1': 'bo-sung',
    });
  });

  it('finds columns by name after trimming, as templates with notes write them', () => {
    const set = setOf('GH');
    const header = set.columns.map((c) => ` ${c.column}${c.kind === 'code' ? '\ni=[1,2,3]' : ''} `);
    expect(matchHeader(set, header)).toMatchObject({ exact: true, missing: [], unknown: [] });
    expect(matchHeader(set, ['so', 'khac'])).toMatchObject({ exact: false, unknown: ['khac'] });
  });
});
