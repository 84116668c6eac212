/**
 * NCN (sổ đăng ký nuôi con nuôi): its schema, its rules (Luật Nuôi con nuôi 2010) and its one
 * description as the rest of the app reads it (registry, columns, labels, people, critical fields).
 */
import { describe, expect, it } from 'vitest';
import { currentColumnSet, entryColumns } from '../export/column-sets';
import { codeListOf } from '../export/code-lists';
import { entryCells } from '../export/row-codec';
import { describePath } from '../records/labels';
import { peopleOf } from '../records/people';
import { canonicalRecordData, recordTypeFor } from '../records/registry';
import { byPath, errorsOf } from '../records/test-helpers';
import { criticalFieldPaths } from '../review/critical';
import { fieldsOf, isRequiredFor } from './layout';
import { NCN_BOOK_TYPE, ncnRecordSchema, ncnWarnings } from './ncn';
import { BOOK_TYPE_DEFINITIONS } from './registry';
import { pattern, schemaPaths } from './schema-paths';

const person = (hoTen: string, ngaySinh: string, gioiTinh: string) => ({
  hoTen,
  ngaySinh,
  gioiTinh,
  danToc: 'Kinh',
  quocTich: 'Việt Nam',
  loaiCuTru: '1',
  noiCuTru: 'Thôn Đông, xã Tân Lập, huyện Đan Phượng, thành phố Hà Nội',
});

/** A complete entry as a clerk types it from a 2018 NCN book: a couple adopts a child of 3. */
const valid = {
  so: '02/2018',
  quyenSo: '01/2018',
  trangSo: 3,
  ngayDangKy: '2018-04-10',
  nguoiKy: 'Nguyễn Văn Hùng',
  chucVuNguoiKy: 'Chủ tịch UBND xã',
  nguoiThucHien: 'Lê Thị Mai',
  loaiDangKy: 'dang-ky',
  chaNuoi: {
    ...person('Trần Văn Nam', '1980-02-01', '1'),
    soDinhDanh: '001080012345',
    giayTo: { loai: '4', so: '001080012345', ngayCap: '2016-05-20', noiCap: 'Cục Cảnh sát QLHC về TTXH' },
  },
  meNuoi: person('Lê Thị Hoa', '1983-06', '2'),
  conNuoi: { ...person('Nguyễn Thị Bé', '2015-01-20', '2'), noiSinh: 'Trạm y tế xã Tân Lập' },
  quanHeNhanNuoi: 'khac',
  meDe: person('Nguyễn Thị Hạnh', '1995', '2'),
  loaiNguoiGiao: 'cha-me-de',
  lyDo: 'Mẹ đẻ không đủ điều kiện nuôi con',
  nguoiYeuCau: { hoTen: 'Trần Văn Nam', quanHe: 'Cha nuôi', giayTo: { loai: '4', so: '001080012345' } },
};

type Data = Record<string, unknown>;
const errors = (data: Data) => errorsOf(ncnRecordSchema, { ...valid, ...data });
const warn = (data: Data, context = {}) => byPath(ncnWarnings(ncnRecordSchema.parse({ ...valid, ...data }), context));
const REQUIRED_HINT = 'hoặc đánh dấu "Không đọc được"';
const child = (ngaySinh: string) => ({ conNuoi: { ...valid.conNuoi, ngaySinh } });

describe('NCN schema (hard errors)', () => {
  it('accepts a complete entry, and a minimal one (a single adoptive mother)', () => {
    expect(errors({})).toEqual({});
    expect(
      errorsOf(ncnRecordSchema, {
        so: '5/',
        trangSo: 1,
        ngayDangKy: '2019',
        loaiDangKy: 'dang-ky',
        meNuoi: { hoTen: 'Lê Thị Hoa' },
        conNuoi: { hoTen: 'Nguyễn Văn An', ngaySinh: '2017' },
      }),
    ).toEqual({});
  });

  it('requires số, registration date, kind, the child’s name and birth date, unless marked', () => {
    const blank = errorsOf(ncnRecordSchema, NCN_BOOK_TYPE.layout.blank());
    expect(Object.keys(blank).sort()).toEqual([
      'chaNuoi.hoTen',
      'conNuoi.hoTen',
      'conNuoi.ngaySinh',
      'loaiDangKy',
      'ngayDangKy',
      'so',
    ]);
    for (const message of Object.values(blank)) expect(message.endsWith(REQUIRED_HINT)).toBe(true);
    expect(blank['conNuoi.ngaySinh']).toBe(
      'Bắt buộc nhập ngày, tháng, năm sinh của con nuôi, hoặc đánh dấu "Không đọc được"',
    );
    expect(
      errors({
        loaiDangKy: '',
        conNuoi: { hoTen: '', ngaySinh: '' },
        danhDau: {
          loaiDangKy: { khongDocDuoc: true },
          'conNuoi.hoTen': { khongDocDuoc: true },
          'conNuoi.ngaySinh': { amLich: 'năm Ất Mùi' },
        },
      }),
    ).toEqual({});
  });

  it('requires the name of the adoptive father only while the adoptive mother’s is empty', () => {
    const noFather = { chaNuoi: { ...valid.chaNuoi, hoTen: '' } };
    expect(errors(noFather)).toEqual({});
    expect(errors({ ...noFather, meNuoi: { ...valid.meNuoi, hoTen: '' } })).toEqual({
      'chaNuoi.hoTen': `Bắt buộc nhập họ, chữ đệm, tên của cha nuôi hoặc mẹ nuôi, ${REQUIRED_HINT}`,
    });
    expect(errors({ meNuoi: undefined })).toEqual({});
  });

  it('refuses codes outside the book’s lists', () => {
    expect(errors({ loaiDangKy: '7' })).toEqual({ loaiDangKy: 'Chọn loại đăng ký trong danh sách' });
    expect(errors({ quanHeNhanNuoi: 'ban' })).toEqual({
      quanHeNhanNuoi: 'Chọn người nhận nuôi là ai trong danh sách',
    });
    expect(errors({ loaiNguoiGiao: 'x' })).toEqual({ loaiNguoiGiao: 'Chọn bên giao con nuôi trong danh sách' });
  });

  it('applies the common errors: dates not in the future, births not after registration, 12-digit numbers', () => {
    expect(errors({ ngayDangKy: '2099-01-01' }).ngayDangKy).toBe('Ngày đăng ký không thể sau ngày hôm nay');
    expect(errors(child('2018-05-01'))['conNuoi.ngaySinh']).toBe('Ngày sinh không thể sau ngày đăng ký');
    expect(errors({ meDe: { ...valid.meDe, ngaySinh: '2019' } })['meDe.ngaySinh']).toBe(
      'Ngày sinh không thể sau ngày đăng ký',
    );
    expect(errors({ chaNuoi: { ...valid.chaNuoi, soDinhDanh: '12345' } })['chaNuoi.soDinhDanh']).toBe(
      'Số định danh cá nhân phải gồm đúng 12 chữ số',
    );
    expect(
      errors({ chaNuoi: { ...valid.chaNuoi, giayTo: { ...valid.chaNuoi.giayTo, ngayCap: '2099-01-01' } } })[
        'chaNuoi.giayTo.ngayCap'
      ],
    ).toBe('Ngày này không thể sau ngày hôm nay');
    expect(errors({ ngayDangKy: '31/02/2018' }).ngayDangKy).toBeDefined();
  });

  it('requires the name of an "other" identity paper (code 8), as the form marks it', () => {
    const other = { chaDe: { hoTen: 'Phạm Văn Đức', giayTo: { loai: '8', so: 'GT-01' } } };
    expect(errors(other)).toEqual({ 'chaDe.giayTo.khac': `Bắt buộc nhập tên giấy tờ khác, ${REQUIRED_HINT}` });
    expect(errors({ chaDe: { ...other.chaDe, giayTo: { ...other.chaDe.giayTo, khac: 'Giấy xác nhận' } } })).toEqual({});
  });

  it('keeps the foreign registration date not after the recording date nor before the child’s birth', () => {
    const abroad = (ngay: string) => ({
      loaiDangKy: 'ghi-vao-so',
      dangKyNuocNgoai: { so: 'A-17', ngay, coQuan: 'Tòa án quận Shinjuku', quocGia: 'Nhật Bản' },
    });
    expect(errors(abroad('2017-12-01'))).toEqual({});
    expect(errors(abroad('2018-05-01'))).toEqual({
      'dangKyNuocNgoai.ngay': 'Ngày đăng ký ở nước ngoài không thể sau ngày ghi vào sổ',
    });
    expect(errors(abroad('2014'))).toEqual({
      'dangKyNuocNgoai.ngay': 'Ngày đăng ký ở nước ngoài không thể trước ngày sinh của con nuôi',
    });
  });
});

describe('NCN warnings (Luật Nuôi con nuôi 2010)', () => {
  it('gives none for a complete, lawful entry', () => {
    expect(warn({})).toEqual({});
  });

  it('applies the shared warnings: số against the registration year, personal number against birth', () => {
    expect(warn({ so: '02/2017' }).so).toBe('Năm trong số (2017) khác năm đăng ký (2018)');
    expect(warn({ chaNuoi: { ...valid.chaNuoi, ngaySinh: '1981-02-01' } })['chaNuoi.soDinhDanh']).toMatch(
      /năm sinh 1980/,
    );
    expect(warn({}, { bookOpenedOn: '2018-06-01' }).ngayDangKy).toMatch(/trước ngày mở sổ/);
  });

  it('warns when the child is 16 or older at registration', () => {
    expect(warn(child('2002-04-10'))['conNuoi.ngaySinh']).toBe(
      'Con nuôi đã 16 tuổi khi đăng ký (con nuôi phải dưới 16 tuổi, dưới 18 tuổi nếu được cha dượng, mẹ kế, cô, cậu, dì, chú, bác ruột nhận nuôi): kiểm tra lại',
    );
    expect(warn(child('2002-04-11'))['conNuoi.ngaySinh']).toBeUndefined();
    // A partial birth date that may still be under 16 is not warned about.
    expect(warn(child('2002'))['conNuoi.ngaySinh']).toBeUndefined();
  });

  it('lets a step-parent or a relative adopt a child of 16 or 17, and warns from 18', () => {
    for (const quanHeNhanNuoi of ['cha-duong-me-ke', 'ho-hang']) {
      expect(warn({ quanHeNhanNuoi, ...child('2001-06-01') })['conNuoi.ngaySinh']).toBeUndefined();
      expect(warn({ quanHeNhanNuoi, ...child('2000-04-10') })['conNuoi.ngaySinh']).toBe(
        'Con nuôi đã 18 tuổi khi đăng ký (cha dượng, mẹ kế, cô, cậu, dì, chú, bác ruột chỉ nhận nuôi người dưới 18 tuổi): kiểm tra lại',
      );
    }
  });

  it('checks the ages at the foreign date for an adoption recorded from abroad, and not for a re-registration', () => {
    const abroad = { loaiDangKy: 'ghi-vao-so', dangKyNuocNgoai: { ngay: '2003-01-01' }, ...child('2001-01-01') };
    expect(warn({ ...abroad, ngayDangKy: '2018-04-10' })['conNuoi.ngaySinh']).toBeUndefined();
    expect(warn(child('1990'))['conNuoi.ngaySinh']).toMatch(/^Con nuôi đã 2[78]/);
    expect(warn({ loaiDangKy: 'dang-ky-lai', ...child('1990') })['conNuoi.ngaySinh']).toBeUndefined();
    expect(warn({ loaiDangKy: 'thuc-te', ...child('1990') })['conNuoi.ngaySinh']).toBeUndefined();
  });

  it('warns when an adoptive parent is less than 20 years older than the child, unless step-parent or relative', () => {
    const young = { meNuoi: { ...valid.meNuoi, ngaySinh: '1996-03-01' } };
    expect(warn(young)['meNuoi.ngaySinh']).toBe(
      'Mẹ nuôi chỉ hơn con nuôi 18 tuổi (phải hơn từ 20 tuổi trở lên, trừ cha dượng, mẹ kế, cô, cậu, dì, chú, bác ruột): kiểm tra lại',
    );
    expect(warn({ ...young, quanHeNhanNuoi: 'cha-duong-me-ke' })['meNuoi.ngaySinh']).toBeUndefined();
    expect(warn({ ...young, quanHeNhanNuoi: 'ho-hang' })['meNuoi.ngaySinh']).toBeUndefined();
    // Exactly 20 years (to the day) is enough; partial dates that may reach 20 are not warned about.
    expect(warn({ chaNuoi: { hoTen: 'Trần Văn Nam', ngaySinh: '1995-01-20' } })).toEqual({});
    expect(warn({ chaNuoi: { hoTen: 'Trần Văn Nam', ngaySinh: '1995-01-21' } })['chaNuoi.ngaySinh']).toMatch(
      /^Cha nuôi chỉ hơn con nuôi 19 tuổi/,
    );
    expect(warn({ meNuoi: { ...valid.meNuoi, ngaySinh: '1995' } })['meNuoi.ngaySinh']).toBeUndefined();
  });

  it('warns when an adoptive parent is not an adult at registration', () => {
    const minor = {
      quanHeNhanNuoi: 'ho-hang',
      chaNuoi: { hoTen: 'Trần Văn Út', ngaySinh: '2001-01-01' },
      ...child('2014-01-01'),
    };
    expect(warn(minor)['chaNuoi.ngaySinh']).toBe(
      'Cha nuôi mới 17 tuổi khi đăng ký (người nhận nuôi con nuôi phải đủ 18 tuổi)',
    );
    expect(warn({ ...minor, chaNuoi: { ...minor.chaNuoi, ngaySinh: '2000-04-10' } })['chaNuoi.ngaySinh']).toBe(
      undefined,
    );
  });

  it('warns when the child is one of the adoptive parents', () => {
    const same = { meNuoi: { hoTen: 'NGUYEN THI BE', ngaySinh: '2015-01-20' } };
    expect(warn(same)['meNuoi.hoTen']).toBe('Mẹ nuôi trùng với con nuôi');
    expect(warn({ chaNuoi: { hoTen: 'Nguyễn Thị Bé' } })['chaNuoi.hoTen']).toBe('Cha nuôi trùng với con nuôi');
    expect(warn({ meNuoi: { hoTen: 'Nguyễn Thị Bé', ngaySinh: '1980' } })['meNuoi.hoTen']).toBeUndefined();
  });
});

describe('NCN in the rest of the app', () => {
  it('is registered: record type, indexed fields, people for search hits, critical fields', () => {
    expect(BOOK_TYPE_DEFINITIONS.NCN).toBe(NCN_BOOK_TYPE);
    const type = recordTypeFor('NCN')!;
    const data = type.schema.parse(valid) as Data;
    expect(type.indexed(data)).toEqual({
      so: '02/2018',
      quyenSo: '01/2018',
      trangSo: 3,
      ngayDangKy: '2018-04-10',
      names: ['Nguyễn Thị Bé', 'Trần Văn Nam', 'Lê Thị Hoa'],
    });
    expect(peopleOf('NCN', data)).toEqual([
      { role: 'Con nuôi', name: 'Nguyễn Thị Bé', birthDate: '2015-01-20' },
      { role: 'Cha nuôi', name: 'Trần Văn Nam', birthDate: '1980-02-01' },
      { role: 'Mẹ nuôi', name: 'Lê Thị Hoa', birthDate: '1983-06' },
      { role: 'Mẹ đẻ', name: 'Nguyễn Thị Hạnh', birthDate: '1995' },
    ]);
    expect(criticalFieldPaths('NCN')).toEqual(['so', 'ngayDangKy', 'conNuoi.hoTen', 'conNuoi.ngaySinh']);
    expect(describePath('coSoNuoiDuong.nguoiDaiDien', 'NCN')).toBe('Cơ sở nuôi dưỡng › Người đại diện');
  });

  it('has a versioned column set in the templates’ style, a column or a reason for every field of the schema', () => {
    expect(NCN_BOOK_TYPE.columnSets.map((s) => s.version)).toEqual([1]);
    const set = currentColumnSet('NCN')!;
    const names = set.columns.map((c) => c.column);
    expect(names.slice(0, 11)).toEqual([
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
    expect(names.slice(-4)).toEqual([
      'soDangKyNuocNgoai',
      'ngayDangKyNuocNgoai',
      'cqNuocNgoaiDaDangKy',
      'qgNuocNgoaiDaDangKy',
    ]);
    expect(names).toEqual(expect.arrayContaining(['chaNuoiHoTen', 'meNuoiNgaySinh', 'cnHoTen', 'cnNoiSinh']));
    expect(names.filter((n) => n.startsWith('chaNuoi'))[0]).toBe('chaNuoiSoDinhDanhCaNhan');
    const columns = entryColumns(set);
    const { leaves } = schemaPaths(ncnRecordSchema);
    const covered = (leaf: string) =>
      columns.some((c) => pattern(c.path) === leaf) ||
      set.notExported.some((n) => leaf === pattern(n.path) || leaf.startsWith(`${pattern(n.path)}.`));
    expect([...leaves].filter((leaf) => !covered(leaf))).toEqual([]);
  });

  it('writes its own codes for its pick lists', () => {
    const set = currentColumnSet('NCN')!;
    const stored = canonicalRecordData(ncnRecordSchema.parse(valid)) as Data;
    const cells = entryCells(set, stored, { office: 'UBND xã Tân Lập', volume: '01/2018', yearOpened: 2018 }, 1);
    const cell = (name: string) => cells[set.columns.findIndex((c) => c.column === name)];
    expect([cell('loaiDangKy'), cell('quanHeNhanNuoi'), cell('loaiNguoiGiao')]).toEqual(['1', '3', '1']);
    const lists = entryColumns(set).flatMap((c) => (c.codeList ? [codeListOf(c.codeList)] : []));
    for (const list of lists) expect(new Set(list.entries.map((e) => e.code)).size).toBe(list.entries.length);
  });

  it('shows the guardian, institution and foreign blocks only for their kind, with nothing required there', () => {
    const { items } = NCN_BOOK_TYPE.layout;
    const whens = items.flatMap((i) => (i.kind === 'group' && i.when ? [[i.legend, i.when]] : []));
    expect(whens).toEqual([
      ['Người giám hộ giao con nuôi', { path: 'loaiNguoiGiao', equals: 'nguoi-giam-ho' }],
      ['Cơ sở nuôi dưỡng giao con nuôi', { path: 'loaiNguoiGiao', equals: 'co-so-nuoi-duong' }],
      ['Đã đăng ký tại cơ quan có thẩm quyền nước ngoài', { path: 'loaiDangKy', equals: 'ghi-vao-so' }],
    ]);
    const blank = NCN_BOOK_TYPE.layout.blank();
    const required = fieldsOf(items, blank)
      .filter((f) => isRequiredFor(f, blank))
      .map((f) => f.path);
    expect(required.sort()).toEqual([
      'chaNuoi.hoTen',
      'conNuoi.hoTen',
      'conNuoi.ngaySinh',
      'loaiDangKy',
      'ngayDangKy',
      'so',
      'trangSo',
    ]);
    const carried = fieldsOf(items, blank)
      .filter((f) => f.carry)
      .map((f) => f.path);
    expect(carried).toEqual(['quyenSo', 'ngayDangKy', 'nguoiKy', 'chucVuNguoiKy', 'nguoiThucHien']);
  });
});
