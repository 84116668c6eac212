import { describe, expect, it } from 'vitest';
import { historyLines } from './history';

describe("an entry's history", () => {
  it('names every field by its label, never by an internal key', () => {
    const pageNos = new Map([
      ['p-1', 1],
      ['p-2', 2],
    ]);
    const lines = historyLines(
      {
        'nguoiDuocGiamHo.hoTen': 'Lò Thị Mai',
        'nguoiGiamHo.1.ngaySinh': '1970',
        'nguoiDuocGiamHo.gioiTinh': '1',
        'danhDau.nguoiDuocGiamHo.noiSinh.khongDocDuoc': null,
        'pages.0.pageId': 'p-1',
        'pages.0.rect.x': 0.1,
        'pages.0.rect.y': 0.2,
        'pages.1.pageId': null,
      },
      {
        'nguoiDuocGiamHo.hoTen': 'Lò Thị Mây',
        'nguoiGiamHo.1.ngaySinh': '1970-02-03',
        'nguoiDuocGiamHo.gioiTinh': '2',
        'danhDau.nguoiDuocGiamHo.noiSinh.khongDocDuoc': true,
        'pages.0.pageId': 'p-2',
        'pages.0.rect.x': null,
        'pages.0.rect.y': null,
        'pages.1.pageId': 'p-1',
      },
      'GH',
      (id) => pageNos.get(id),
    );
    expect(lines).toEqual([
      { label: 'Người được giám hộ › Họ, chữ đệm, tên', before: 'Lò Thị Mai', after: 'Lò Thị Mây' },
      { label: 'Người giám hộ 2 › Ngày, tháng, năm sinh', before: '1970', after: '03/02/1970' },
      { label: 'Người được giám hộ › Giới tính', before: 'Nam', after: 'Nữ' },
      {
        label: 'Đánh dấu ô Người được giám hộ › Nơi sinh (không đọc được)',
        before: '(trống)',
        after: 'có',
      },
      { label: 'Trang scan gắn (thứ 1)', before: 'trang 1', after: 'trang 2' },
      { label: 'Vùng khoanh trên trang scan (thứ 1)', before: 'có', after: 'bỏ vùng' },
      { label: 'Trang scan gắn (thứ 2)', before: 'không có', after: 'trang 1' },
    ]);
    for (const line of lines) expect(line.label).not.toMatch(/[a-z][A-Z]|pageId|danhDau|rect/);
  });

  it('uses the label of the book: LH prints "Ngày ghi chú"', () => {
    expect(historyLines({ ngayDangKy: '2020-01-02' }, { ngayDangKy: '2020-01-03' }, 'LH', () => undefined)).toEqual([
      { label: 'Ngày ghi chú', before: '02/01/2020', after: '03/01/2020' },
    ]);
  });
});
