import { describe, expect, it } from 'vitest';
import { displayFieldValue } from '../records/history';
import { blindReadMatches, entryFacts, reviewFieldPaths, visibleWarnings } from './inspect';

const ward = {
  hoTen: 'Trần Thị Mai',
  ngaySinh: '2010-07-12',
  gioiTinh: '2',
  danToc: 'Kinh',
  quocTich: 'Việt Nam',
  noiSinh: 'Trạm y tế xã An Bình',
  noiCuTru: 'Thôn Đông',
};
const gh = {
  so: '07/2018',
  quyenSo: 'Q1',
  trangSo: 3,
  ngayDangKy: '2018-03-05',
  loaiGiamHo: 'cu',
  nguoiGiamHo: [{ hoTen: 'Nguyễn Văn Bình', ngaySinh: '1970-04-02', gioiTinh: '1', noiCuTru: 'Thôn Đông' }],
  nguoiDuocGiamHo: ward,
};
const facts = (data: Record<string, unknown>, version = 1) =>
  entryFacts({ bookType: 'GH', schemaVersion: 2, version, data });

describe('the entries always inspected', () => {
  it('gives no reason for a clean first version, and each reason for its cause', () => {
    expect(facts(gh)).toMatchObject({ warnings: [], reasons: [] });
    const adult = facts({ ...gh, nguoiDuocGiamHo: { ...ward, ngaySinh: '1990-01-01' } });
    expect(adult.reasons).toEqual(['warning']);
    expect(adult.warnings.map((w) => w.message).join(' ')).toContain('Người được giám hộ đã');
    expect(adult.warnings[0]?.path).toBe('nguoiDuocGiamHo.ngaySinh');
    expect(facts({ ...gh, danhDau: { 'nguoiDuocGiamHo.noiSinh': { docChuaChac: true } } }).reasons).toEqual([
      'uncertain',
    ]);
    expect(facts({ ...gh, danhDau: { 'nguoiGiamHo.0.ngaySinh': { khongDocDuoc: true } } }).reasons).toContain(
      'uncertain',
    );
    // A lunar date or a note alone is not an uncertain reading.
    expect(facts({ ...gh, danhDau: { ngayDangKy: { ghiChu: 'mực nhòe' } } }).reasons).toEqual([]);
    expect(facts({ ...gh, trungSoLyDo: 'Sổ gốc ghi trùng số' }).reasons).toEqual(['duplicate']);
    expect(facts(gh, 2).reasons).toEqual(['edited']);
  });

  it('upgrades data of an older schema before judging it (a v1 "không rõ" mark with a value)', () => {
    const old = entryFacts({
      bookType: 'GH',
      schemaVersion: 1,
      version: 1,
      data: { ...gh, danhDau: { 'nguoiDuocGiamHo.noiSinh': { khongRo: true } } },
    });
    expect(old.data.danhDau).toEqual({ 'nguoiDuocGiamHo.noiSinh': { docChuaChac: true } });
    expect(old.reasons).toEqual(['uncertain']);
  });
});

describe('the fields a reviewer judges', () => {
  it('lists the critical fields first, even when empty, then every typed field, without bookkeeping', () => {
    const paths = reviewFieldPaths('GH', {
      ...gh,
      so: undefined,
      danhDau: { ngayDangKy: { docChuaChac: true } },
      trungSoLyDo: 'x',
    });
    expect(paths.slice(0, 4)).toEqual(['so', 'ngayDangKy', 'nguoiDuocGiamHo.hoTen', 'nguoiDuocGiamHo.ngaySinh']);
    expect(paths).toContain('nguoiGiamHo.0.hoTen');
    expect(paths).toContain('nguoiDuocGiamHo.noiSinh');
    expect(paths.some((p) => p.startsWith('danhDau') || p === 'trungSoLyDo')).toBe(false);
    // The book's order: registration fields before the people.
    expect(paths.indexOf('quyenSo')).toBeLessThan(paths.indexOf('loaiGiamHo'));
    expect(paths.indexOf('nguoiGiamHo.0.hoTen')).toBeLessThan(paths.indexOf('nguoiGiamHo.0.ngaySinh'));
  });

  it('shows values as the history does: dates as written, codes by name, empty as nothing', () => {
    expect(displayFieldValue('nguoiDuocGiamHo.ngaySinh', '2010-07-12')).toBe('12/07/2010');
    expect(displayFieldValue('ngayDangKy', '2018-03')).toBe('03/2018');
    expect(displayFieldValue('nguoiDuocGiamHo.gioiTinh', '2')).toBe('Nữ');
    expect(displayFieldValue('loaiGiamHo', 'cu')).toBe('Giám hộ cử');
    expect(displayFieldValue('nguoiGiamHo.0.giayTo.loai', '4')).not.toBe('4');
    expect(displayFieldValue('so', undefined)).toBe('');
    expect(displayFieldValue('trangSo', 3)).toBe('3');
  });
});

describe('the blind read', () => {
  it('agrees across spacing, Unicode form and, for names, case', () => {
    expect(blindReadMatches('nguoiDuocGiamHo.hoTen', 'Trần Thị Mai', '  trần   THỊ mai ')).toBe(true);
    expect(blindReadMatches('nguoiDuocGiamHo.hoTen', 'Trần Thị Mai', 'Trần Thị Mai'.normalize('NFD'))).toBe(true);
    expect(blindReadMatches('nguoiDuocGiamHo.hoTen', 'Trần Thị Mai', 'Trần Thị Mại')).toBe(false);
    expect(blindReadMatches('so', '07/2018', ' 07/2018')).toBe(true);
    expect(blindReadMatches('so', '07/2018', '17/2018')).toBe(false);
  });

  it('compares dates as partial dates', () => {
    expect(blindReadMatches('nguoiDuocGiamHo.ngaySinh', '1990-03-05', '5/3/1990')).toBe(true);
    expect(blindReadMatches('nguoiDuocGiamHo.ngaySinh', '1990-03-05', '05031990')).toBe(true);
    expect(blindReadMatches('nguoiDuocGiamHo.ngaySinh', '1990-03-05', '3/5/1990')).toBe(false);
    expect(blindReadMatches('ngayDangKy', '2018-03', '03/2018')).toBe(true);
    expect(blindReadMatches('ngayDangKy', '2018', '2018')).toBe(true);
    expect(blindReadMatches('ngayDangKy', '2018-03', '2018')).toBe(false);
  });

  it('an empty read agrees with an empty field only', () => {
    expect(blindReadMatches('so', undefined, '  ')).toBe(true);
    expect(blindReadMatches('so', '07/2018', '')).toBe(false);
  });
});

describe('warnings before the blind read', () => {
  it('holds back warnings about critical fields or quoting their values, and shows them all after', () => {
    // "Năm trong số (2017) khác năm đăng ký (2018)" names both years; the adult ward's warning is on ngaySinh.
    const data = { ...gh, so: '07/2017', nguoiDuocGiamHo: { ...ward, ngaySinh: '1990-01-01' } };
    const f = facts(data);
    expect(f.warnings.length).toBeGreaterThanOrEqual(2);
    const before = visibleWarnings('GH', f, true);
    expect(before.join(' ')).not.toContain('2017');
    expect(before.join(' ')).not.toContain('Người được giám hộ đã');
    expect(before[before.length - 1]).toBe(
      `${f.warnings.length} cảnh báo về các ô quan trọng sẽ hiện sau khi đọc đối chiếu.`,
    );
    expect(visibleWarnings('GH', f, false)).toEqual(f.warnings.map((w) => w.message));
  });

  it('shows a warning on another field that quotes nothing critical', () => {
    const minor = { ...gh, nguoiGiamHo: [{ hoTen: 'Nguyễn Văn Bình', ngaySinh: '2005-04-02', noiCuTru: 'Thôn Đông' }] };
    const f = facts(minor);
    expect(f.warnings.map((w) => w.path)).toEqual(['nguoiGiamHo.0.ngaySinh']);
    expect(visibleWarnings('GH', f, true)).toEqual(f.warnings.map((w) => w.message));
  });
});
