/**
 * KH — Sổ đăng ký kết hôn (marriage registration; TT 15/2015, then TT 04/2020 from 16/07/2020;
 * ho-tich.md §3, §6, §7). One of the six Excel books: the entry is a registration header, the
 * husband's and the wife's blocks as the Ministry's import template takes them (no sex, which the
 * side implies, and no personal number, which the template does not carry: a CCCD's number goes
 * with the identity paper), the date the marriage took effect, what happened to it later
 * (annulled or recognised, written in the margin), and, for a marriage first registered abroad,
 * that registration.
 *
 * The Excel column set is the Ministry's KH template (44 columns, ho-tich.md §7), as found in a
 * vendor's export code (a public Java exporter, `case KH -> // 44 cols`, and a Python importer's
 * `kh_form` table, both on GitHub): so, quyenSo, trangSo, ngayDangKy, loaiDangKy, noiDangKy,
 * nguoiKy, chucVuNguoiKy, ngayXacLapQuanHeHonNhan, nguoiThucHien, ghiChu, tinhTrangKetHon,
 * huyKetHonNgayGhiChu, huyKetHonCanCu, congNhanKetHonNgayGhiChu, congNhanKetHonCanCu,
 * chong{12 fields}, vo{12 fields}, soDangKyNuocNgoai, ngayDangKyNuocNgoai, cqNuocNgoaiDaDangKy,
 * qgNuocNgoaiDaDangKy; with STT first, as in the real KS template.
 */
import { z } from '../zod';
import { findIdType } from '../catalogs/id-types';
import type { CodeList } from '../export/code-lists';
import {
  blankBtpPerson,
  btpPerson,
  foreignRegistration,
  optionalCode,
  optionalPartialDate,
  optionalText,
  registrationFields,
} from '../records/fields';
import { textAt, type FieldPath } from '../records/marks';
import {
  ageAt,
  commonErrors,
  commonWarnings,
  decodePersonalNumber,
  formatAge,
  futureDateErrors,
  isSamePerson,
  missingUnlessMarked,
  outOfOrder,
  reportIssues,
  requiredChoiceMessage,
  requiredMessage,
  otherPaperErrors,
  type PersonRef,
  type RuleIssue,
  type WarningContext,
} from '../records/rules';
import {
  blankForeignRegistration,
  blankRegistration,
  btpPersonLayout,
  date,
  foreignRegistrationLayout,
  registrationLayout,
  signatureLayout,
  text,
} from './blocks';
import {
  COMMON_NOT_EXPORTED,
  CODE_SHEET_NAME,
  SHEET_NAME,
  btpPersonColumns,
  col,
  foreignRegistrationColumns,
  registrationColumns,
  type BtpPersonField,
  type ColumnDef,
  type ColumnSet,
} from './columns';
import { defineBookType, defineRecordType, indexedRegistration } from './define';
import type { Option } from './layout';

/*
 * Code lists of this book. The KS template numbers its kinds of registration 1 đúng hạn, 2 lại,
 * 3 ghi vào sổ (registered abroad), …, 6 không xác định; no public KH template gives its own list,
 * so the KH kinds follow the same numbering [I] (data: a corrected list is a new column set
 * version, not new code). A stored value is its export code, as for gender.
 */

/** Loại đăng ký kết hôn (loaiDangKy). */
export const KH_REGISTRATION_KINDS: CodeList = {
  id: 'loaiDangKyKetHon',
  title: 'Loại đăng ký kết hôn',
  entries: [
    { value: '1', code: '1', name: 'Đăng ký kết hôn' },
    { value: '2', code: '2', name: 'Đăng ký lại việc kết hôn' },
    { value: '3', code: '3', name: 'Ghi vào sổ việc kết hôn đã đăng ký ở cơ quan có thẩm quyền nước ngoài' },
    { value: '4', code: '4', name: 'Không xác định' },
  ],
};

/** The kind of registration whose entry carries the foreign registration (ghi vào sổ). */
export const KH_KIND_FOREIGN = '3';

/**
 * Tình trạng kết hôn (tinhTrangKetHon): what the margin says happened to the marriage since. The
 * template's column sits beside the dates and grounds of an annulment and of a recognition [I].
 */
export const KH_MARRIAGE_STATUSES: CodeList = {
  id: 'tinhTrangKetHon',
  title: 'Tình trạng kết hôn',
  entries: [
    { value: '1', code: '1', name: 'Chưa có thay đổi' },
    { value: '2', code: '2', name: 'Đã hủy việc kết hôn trái pháp luật' },
    { value: '3', code: '3', name: 'Đã công nhận việc kết hôn' },
  ],
};
export const KH_STATUS_ANNULLED = '2';
export const KH_STATUS_RECOGNISED = '3';

const codesOf = (list: CodeList) => list.entries.map((e) => e.value) as [string, ...string[]];
const optionsOf = (list: CodeList): Option[] => list.entries.map((e) => ({ code: e.value, name: e.name }));

/** A spouse: the template's person without sex (the side says it) and without personal number. */
export const spouse = btpPerson.omit({ gioiTinh: true, soDinhDanh: true });
export type Spouse = z.infer<typeof spouse>;

export const khRecordSchema = z
  .object({
    ...registrationFields,
    /** Required unless marked. */
    loaiDangKy: optionalCode(codesOf(KH_REGISTRATION_KINDS), 'Chọn loại đăng ký kết hôn trong danh sách'),
    /** Ngày xác lập quan hệ hôn nhân: the marriage's own date (older when re-registered or recognised). */
    ngayXacLapQuanHeHonNhan: optionalPartialDate,
    /** Name and birth date required unless marked. */
    chong: spouse,
    vo: spouse,
    tinhTrangKetHon: optionalCode(codesOf(KH_MARRIAGE_STATUSES), 'Chọn tình trạng kết hôn trong danh sách'),
    huyKetHonNgayGhiChu: optionalPartialDate,
    huyKetHonCanCu: optionalText,
    congNhanKetHonNgayGhiChu: optionalPartialDate,
    congNhanKetHonCanCu: optionalText,
    /** Only for a marriage first registered abroad (loaiDangKy 3). */
    dangKyNuocNgoai: foreignRegistration.optional(),
  })
  .superRefine((record, ctx) => reportIssues(ctx, khErrors(record)), { when: () => true });

export type KhRecord = z.infer<typeof khRecordSchema>;

const SPOUSES = [
  { path: ['chong'], who: 'bên chồng' },
  { path: ['vo'], who: 'bên vợ' },
] as const;

export function khPeople(): PersonRef[] {
  return SPOUSES.map((s) => ({ path: [...s.path], full: true }));
}

/** Hard errors of a KH entry (run inside the schema; `record` may be malformed). */
export function khErrors(record: unknown, now = new Date()): RuleIssue[] {
  return [
    ...commonErrors(record, khPeople(), 'ngày đăng ký', now),
    ...missingUnlessMarked(record, [['loaiDangKy']], requiredChoiceMessage('loại đăng ký kết hôn')),
    ...SPOUSES.flatMap(({ path, who }) => [
      ...missingUnlessMarked(record, [[...path, 'hoTen']], requiredMessage(`họ, chữ đệm, tên ${who}`)),
      ...missingUnlessMarked(record, [[...path, 'ngaySinh']], requiredMessage(`ngày, tháng, năm sinh ${who}`)),
    ]),
    ...otherPaperErrors(
      record,
      SPOUSES.map((s) => ({ path: [...s.path], full: true, who: s.who })),
    ),
    ...futureDateErrors(
      record,
      [['ngayXacLapQuanHeHonNhan'], ['huyKetHonNgayGhiChu'], ['congNhanKetHonNgayGhiChu'], ['dangKyNuocNgoai', 'ngay']],
      now,
    ),
    // A marriage takes effect at its registration, or earlier (re-registration, recognition,
    // registration abroad): never after it.
    ...outOfOrder(
      record,
      ['ngayXacLapQuanHeHonNhan'],
      ['ngayDangKy'],
      'Ngày xác lập quan hệ hôn nhân không thể sau ngày đăng ký kết hôn',
      ['ngayXacLapQuanHeHonNhan'],
    ),
    // Annulment and recognition are noted in the margin later, never before the registration.
    ...outOfOrder(
      record,
      ['ngayDangKy'],
      ['huyKetHonNgayGhiChu'],
      'Ngày ghi chú hủy việc kết hôn không thể trước ngày đăng ký kết hôn',
    ),
    ...outOfOrder(
      record,
      ['ngayDangKy'],
      ['congNhanKetHonNgayGhiChu'],
      'Ngày ghi chú công nhận việc kết hôn không thể trước ngày đăng ký kết hôn',
    ),
  ];
}

/*
 * Legal age of marriage (Luật Hôn nhân và gia đình 2014, Điều 8: man from full 20, woman from full
 * 18). Older laws differed: the 2000 law (Điều 9) said "từ 20 tuổi trở lên" / "từ 18 tuổi trở lên",
 * read as entering the 20th / 18th year (Nghị quyết 02/2000/NQ-HĐTP), so a man of 19 full years
 * could marry; earlier books follow the 1959 and 1986 laws. The book is the truth: a warning only,
 * raised when the spouse was certainly under the 2014 age.
 */
const LEGAL_AGE = { chong: 20, vo: 18 } as const;

/** Warnings of a KH entry: shared ones, spouses of legal age, spouses not the same person. */
export function khWarnings(record: KhRecord, context: WarningContext = {}): RuleIssue[] {
  const issues = commonWarnings(record, khPeople(), context);
  for (const { path, who } of SPOUSES) {
    const side = path[0];
    const age = ageAt(record, path, ['ngayDangKy']);
    if (age && age.max < LEGAL_AGE[side]) {
      issues.push({
        path: [...path, 'ngaySinh'],
        message:
          `${who === 'bên chồng' ? 'Bên chồng' : 'Bên vợ'} mới ${formatAge(age)} khi đăng ký kết hôn ` +
          `(Luật Hôn nhân và gia đình 2014: ${side === 'chong' ? 'nam từ đủ 20 tuổi' : 'nữ từ đủ 18 tuổi'}; ` +
          'luật trước đây tính khác): kiểm tra lại ngày sinh và ngày đăng ký',
      });
    }
  }
  issues.push(...sideSexWarnings(record), ...hiddenBlockWarnings(record));
  if (isSamePerson(record, ['chong'], ['vo'])) {
    issues.push({ path: ['vo', 'hoTen'], message: 'Bên vợ trùng họ tên và ngày sinh với bên chồng: kiểm tra lại' });
  }
  return issues;
}

/**
 * The spouses' blocks have no sex (the side says it): a 12-digit number whose fourth digit says
 * the other sex is pointed out, as the shared check does against a typed sex.
 */
function sideSexWarnings(record: unknown): RuleIssue[] {
  return SPOUSES.flatMap(({ path, who }) => {
    const numberPath = [...path, 'giayTo', 'so'];
    const check = findIdType(textAt(record, [...path, 'giayTo', 'loai']))?.check;
    const decoded =
      check === 'twelve-digits' || check === 'cmnd' ? decodePersonalNumber(textAt(record, numberPath)) : undefined;
    const expected = path[0] === 'chong' ? '1' : '2';
    if (!decoded || decoded.gioiTinh === expected) return [];
    return [
      {
        path: numberPath,
        message: `Chữ số thứ 4 của số giấy tờ ứng với giới tính ${decoded.gioiTinh === '1' ? 'Nam' : 'Nữ'}, nhưng đây là ${who}: kiểm tra lại`,
      },
    ];
  });
}

/**
 * Values the form would not show: a block that belongs to another kind or status (`when`) still
 * holds data (an imported row, or a kind changed after typing). Kept, and pointed out.
 */
function hiddenBlockWarnings(record: unknown): RuleIssue[] {
  const filled = (...paths: FieldPath[]) => paths.some((p) => textAt(record, p) !== '');
  const issues: RuleIssue[] = [];
  const foreign = ['so', 'ngay', 'coQuan', 'quocGia'].map((f) => ['dangKyNuocNgoai', f]);
  if (filled(...foreign) && textAt(record, ['loaiDangKy']) !== KH_KIND_FOREIGN) {
    issues.push({
      path: ['loaiDangKy'],
      message:
        'Có thông tin đăng ký kết hôn ở nước ngoài nhưng loại đăng ký không phải "Ghi vào sổ việc kết hôn đã đăng ký ở cơ quan có thẩm quyền nước ngoài": kiểm tra lại',
    });
  }
  const status = textAt(record, ['tinhTrangKetHon']);
  if (filled(['huyKetHonNgayGhiChu'], ['huyKetHonCanCu']) && status !== KH_STATUS_ANNULLED) {
    issues.push({
      path: ['tinhTrangKetHon'],
      message: 'Có ghi chú hủy việc kết hôn nhưng tình trạng kết hôn không phải "Đã hủy việc kết hôn trái pháp luật"',
    });
  }
  if (filled(['congNhanKetHonNgayGhiChu'], ['congNhanKetHonCanCu']) && status !== KH_STATUS_RECOGNISED) {
    issues.push({
      path: ['tinhTrangKetHon'],
      message: 'Có ghi chú công nhận việc kết hôn nhưng tình trạng kết hôn không phải "Đã công nhận việc kết hôn"',
    });
  }
  return issues;
}

/** The template's spouse fields (no GioiTinh, no SoDinhDanh), in the template's order. */
const SPOUSE_FIELDS: readonly BtpPersonField[] = [
  'HoTen',
  'NgaySinh',
  'DanToc',
  'QuocTich',
  'QuocTichKhac',
  'LoaiCuTru',
  'NoiCuTru',
  'LoaiGiayToTuyThan',
  'GiayToKhac',
  'SoGiayToTuyThan',
  'NgayCapGiayToTuyThan',
  'NoiCapGiayToTuyThan',
];

/** The registration columns with ngayXacLapQuanHeHonNhan where the template puts it (after chucVuNguoiKy). */
function khRegistrationColumns(): ColumnDef[] {
  const columns = registrationColumns(
    col('loaiDangKy', 'loaiDangKy', 'Loại đăng ký kết hôn', 'code', { codeList: KH_REGISTRATION_KINDS }),
  );
  const at = columns.findIndex((c) => c.column === 'chucVuNguoiKy') + 1;
  return [
    ...columns.slice(0, at),
    col('ngayXacLapQuanHeHonNhan', 'ngayXacLapQuanHeHonNhan', 'Ngày xác lập quan hệ hôn nhân', 'date'),
    ...columns.slice(at),
  ];
}

export const KH_V1: ColumnSet = {
  bookType: 'KH',
  version: 1,
  since: '2026-11-30',
  sheetName: SHEET_NAME,
  codeSheetName: CODE_SHEET_NAME,
  columns: [
    ...khRegistrationColumns(),
    col('tinhTrangKetHon', 'tinhTrangKetHon', 'Tình trạng kết hôn', 'code', { codeList: KH_MARRIAGE_STATUSES }),
    col('huyKetHonNgayGhiChu', 'huyKetHonNgayGhiChu', 'Ngày ghi chú hủy việc kết hôn', 'date'),
    col('huyKetHonCanCu', 'huyKetHonCanCu', 'Căn cứ hủy việc kết hôn'),
    col('congNhanKetHonNgayGhiChu', 'congNhanKetHonNgayGhiChu', 'Ngày ghi chú công nhận việc kết hôn', 'date'),
    col('congNhanKetHonCanCu', 'congNhanKetHonCanCu', 'Căn cứ công nhận việc kết hôn'),
    ...btpPersonColumns('chong', 'chong', 'bên chồng', SPOUSE_FIELDS),
    ...btpPersonColumns('vo', 'vo', 'bên vợ', SPOUSE_FIELDS),
    ...foreignRegistrationColumns('dangKyNuocNgoai'),
  ],
  notExported: COMMON_NOT_EXPORTED,
};

const blankSpouse = (): Spouse => {
  const { gioiTinh: _g, soDinhDanh: _s, ...rest } = blankBtpPerson();
  return rest;
};

export const KH_BOOK_TYPE = defineBookType({
  code: 'KH',
  record: defineRecordType({
    schema: khRecordSchema,
    warnings: khWarnings,
    indexed: (r) => indexedRegistration(r, [r.chong?.hoTen, r.vo?.hoTen]),
    registrationDateLabel: 'Ngày đăng ký',
  }),
  layout: {
    title: 'Trường hợp đăng ký kết hôn',
    blank: () => ({
      ...blankRegistration(),
      loaiDangKy: '',
      ngayXacLapQuanHeHonNhan: '',
      chong: blankSpouse(),
      vo: blankSpouse(),
      tinhTrangKetHon: '',
      huyKetHonNgayGhiChu: '',
      huyKetHonCanCu: '',
      congNhanKetHonNgayGhiChu: '',
      congNhanKetHonCanCu: '',
      dangKyNuocNgoai: blankForeignRegistration(),
    }),
    items: [
      registrationLayout('Ngày, tháng, năm đăng ký'),
      {
        kind: 'row',
        fields: [
          {
            kind: 'select',
            path: 'loaiDangKy',
            label: 'Loại đăng ký',
            options: optionsOf(KH_REGISTRATION_KINDS),
            required: true,
            carry: true,
          },
          date('ngayXacLapQuanHeHonNhan', 'Ngày xác lập quan hệ hôn nhân'),
        ],
      },
      {
        kind: 'group',
        legend: 'Bên chồng',
        items: btpPersonLayout({ prefix: 'chong', sex: false, personalNumber: false, birthDateRequired: true }),
      },
      {
        kind: 'group',
        legend: 'Bên vợ',
        items: btpPersonLayout({ prefix: 'vo', sex: false, personalNumber: false, birthDateRequired: true }),
      },
      foreignRegistrationLayout('dangKyNuocNgoai', { path: 'loaiDangKy', equals: KH_KIND_FOREIGN }),
      {
        kind: 'select',
        path: 'tinhTrangKetHon',
        label: 'Tình trạng kết hôn (ghi chú sau)',
        options: optionsOf(KH_MARRIAGE_STATUSES),
      },
      {
        kind: 'group',
        legend: 'Hủy việc kết hôn trái pháp luật',
        when: { path: 'tinhTrangKetHon', equals: KH_STATUS_ANNULLED },
        items: [
          {
            kind: 'row',
            fields: [
              date('huyKetHonNgayGhiChu', 'Ngày ghi chú'),
              text('huyKetHonCanCu', 'Căn cứ (bản án, quyết định)', { size: 'wide' }),
            ],
          },
        ],
      },
      {
        kind: 'group',
        legend: 'Công nhận việc kết hôn',
        when: { path: 'tinhTrangKetHon', equals: KH_STATUS_RECOGNISED },
        items: [
          {
            kind: 'row',
            fields: [
              date('congNhanKetHonNgayGhiChu', 'Ngày ghi chú'),
              text('congNhanKetHonCanCu', 'Căn cứ (bản án, quyết định)', { size: 'wide' }),
            ],
          },
        ],
      },
      signatureLayout,
    ],
  },
  columnSets: [KH_V1],
  people: ['chong', 'vo'],
  critical: ['chong.hoTen', 'chong.ngaySinh', 'vo.hoTen', 'vo.ngaySinh'],
  fieldLabels: {
    loaiDangKy: 'Loại đăng ký',
    ngayXacLapQuanHeHonNhan: 'Ngày xác lập quan hệ hôn nhân',
    tinhTrangKetHon: 'Tình trạng kết hôn',
    huyKetHonNgayGhiChu: 'Ngày ghi chú hủy việc kết hôn',
    huyKetHonCanCu: 'Căn cứ hủy việc kết hôn',
    congNhanKetHonNgayGhiChu: 'Ngày ghi chú công nhận việc kết hôn',
    congNhanKetHonCanCu: 'Căn cứ công nhận việc kết hôn',
  },
});
