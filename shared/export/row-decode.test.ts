import { describe, expect, it } from 'vitest';
import { currentColumnSet, type ColumnDef } from './column-sets';
import { headerName, matchHeader } from './row-codec';
import { cellErrorText, cellOfPath, columnLetter, decodeCell, decodeRow, headerProblem } from './row-decode';

const GH = currentColumnSet('GH')!;
const TD = currentColumnSet('TD')!;
const column = (set: typeof GH, name: string): ColumnDef => set.columns.find((c) => c.column === name)!;

describe('header cells', () => {
  it('are matched by name without notes, "(*)", line breaks and spaces', () => {
    expect(headerName('loaiDangKy \ni=[1,2,3,4,5,6]')).toBe('loaiDangKy');
    expect(headerName('loaiDangKy i=[1,2]')).toBe('loaiDangKy');
    expect(headerName('  so (*) ')).toBe('so');
    expect(headerName('ngh1 HoTen\r\nghi chú')).toBe('ngh1HoTen');
  });

  it('name the missing and unknown columns when they do not match', () => {
    const header = GH.columns.map((c) => c.column).filter((c) => c !== 'canCu');
    header.push('cotThua');
    expect(headerProblem(GH, matchHeader(GH, header))).toBe(
      'Các cột của tệp không khớp mẫu nhập sổ GH (phiên bản 1): thiếu cột canCu; có cột không thuộc mẫu cotThua.',
    );
    expect(
      headerProblem(
        GH,
        matchHeader(
          GH,
          GH.columns.map((c) => c.column),
        ),
      ),
    ).toBeUndefined();
  });
});

describe('decoding a cell', () => {
  it('reads dates in their precision, and a date Excel stored as a serial number', () => {
    const date = column(GH, 'ngayDangKy');
    expect(decodeCell(date, '05.03.2018')).toEqual({ ok: true, value: '2018-03-05' });
    expect(decodeCell(date, '10.1972')).toEqual({ ok: true, value: '1972-10' });
    expect(decodeCell(date, '1995')).toEqual({ ok: true, value: '1995' });
    // 43164 is 2018-03-05 in Excel's calendar; as text it is no date.
    expect(decodeCell(date, '43164', true)).toEqual({ ok: true, value: '2018-03-05' });
    expect(decodeCell(date, '43164')).toMatchObject({ ok: false });
  });

  it('reads codes back to stored values, lists of codes too, and refuses a code not in the list', () => {
    expect(decodeCell(column(GH, 'loaiDangKy'), '1')).toEqual({ ok: true, value: 'cu' });
    expect(decodeCell(column(GH, 'loaiDangKy'), 'cu')).toEqual({ ok: true, value: 'cu' });
    expect(decodeCell(column(TD, 'loaiDangKy'), '1, 4')).toMatchObject({
      ok: true,
      value: ['thay-doi', expect.any(String)],
    });
    const bad = decodeCell(column(GH, 'ngh1GioiTinh'), '9');
    expect(bad).toMatchObject({ ok: false, message: expect.stringMatching(/^mã "9" không có trong danh sách \(/) });
    expect(decodeCell(column(GH, 'trangSo'), '12')).toEqual({ ok: true, value: 12 });
    expect(decodeCell(column(GH, 'trangSo'), 'mười')).toEqual({ ok: false, message: '"mười" không phải số nguyên' });
  });
});

describe('decoding a row', () => {
  it('gives the entry data and one error per bad cell, by row and column letter', () => {
    const header = GH.columns.map((c) => c.column);
    const match = matchHeader(GH, header);
    const cells = header.map(() => '');
    cells[header.indexOf('so')] = '01/2018';
    cells[header.indexOf('ngayDangKy')] = '32.01.2018';
    cells[header.indexOf('ngh2HoTen')] = 'Đỗ Thị Lan';
    const row = decodeRow(GH, match, cells, 7);
    expect(row.data).toEqual({ so: '01/2018', nguoiGiamHo: [undefined, { hoTen: 'Đỗ Thị Lan' }] });
    expect(row.errors.map(cellErrorText)).toEqual([
      'Dòng 7, cột E (Ngày, tháng, năm đăng ký): "32.01.2018" không phải ngày hợp lệ (dd.mm.yyyy, mm.yyyy hoặc yyyy)',
    ]);
    expect(cellOfPath(GH, match, 'nguoiDuocGiamHo')?.header).toBe('ndghHoTen');
    expect(cellOfPath(GH, match, 'nguoiGiamHo.1.giayTo.so')?.column).toBe(
      columnLetter(header.indexOf('ngh2SoGiayToTuyThan')),
    );
  });
});
