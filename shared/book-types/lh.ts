/**
 * LH — Sổ ghi chú ly hôn (divorce or annulment decided by a foreign court or authority,
 * ho-tich.md §4; layout inferred). Its registration date is printed "Ngày ghi chú": the field is
 * still `ngayDangKy`, only the label and the messages differ.
 */
import { z } from '../zod';
import { DEFAULT_NATIONALITY } from '../catalogs/nationalities';
import {
  DIVORCE_KINDS,
  DIVORCE_KIND_CODES,
  DIVORCE_SOURCES,
  DIVORCE_SOURCE_CODES,
  DIVORCE_SOURCE_DOMESTIC,
} from '../catalogs/pick-lists';
import { isCertainlyAfter, isSameDay } from '../dates/partial-date';
import {
  nationalityField,
  optionalCode,
  optionalPartialDate,
  optionalMultilineText,
  optionalText,
  personBlock,
  registrationFields,
  registrationRef,
  requesterBlock,
} from '../records/fields';
import { textAt } from '../records/marks';
import {
  commonErrors,
  commonWarnings,
  dateAt,
  futureDateErrors,
  missingUnlessMarked,
  outOfOrder,
  reportIssues,
  requiredChoiceMessage,
  requiredMessage,
  type PersonRef,
  type RuleIssue,
  type WarningContext,
} from '../records/rules';
import {
  blankRegistrant,
  blankRegistration,
  date,
  personLayout,
  registrantLayout,
  registrationLayout,
  signatureLayout,
  text,
  withoutBirthPlace,
} from './blocks';
import {
  COMMON_NOT_EXPORTED,
  CODE_SHEET_NAME,
  SHEET_NAME,
  col,
  personColumns,
  registrantColumns,
  registrationColumns,
  type ColumnSet,
} from './columns';
import { defineBookType, defineRecordType, indexedRegistration } from './define';

/** The label of `ngayDangKy` in this book. */
export const LH_DATE_LABEL = 'ngày ghi chú';

/** Bản án / Quyết định: so, ngay, coQuan, quocGia required unless marked. */
export const judgment = z.object({
  so: optionalText,
  ngay: optionalPartialDate,
  ngayHieuLuc: optionalPartialDate,
  /** Tòa án or authority, as written. */
  coQuan: optionalText,
  /** Canonical Vietnamese country name (nationalities catalog). */
  quocGia: nationalityField,
});

export const lhRecordSchema = z
  .object({
    ...registrationFields,
    /** Ly hôn · Hủy việc kết hôn: required unless marked. */
    loaiViec: optionalCode(DIVORCE_KIND_CODES, 'Chọn loại việc trong danh sách'),
    /** Where the judgment comes from; absent means "nuoc-ngoai" (the form proposes it). */
    nguon: optionalCode(DIVORCE_SOURCE_CODES, 'Chọn nguồn trong danh sách'),
    chong: personBlock,
    vo: personBlock,
    /** The prior marriage: giấy chứng nhận kết hôn / ghi chú kết hôn số, ngày, nơi đăng ký. */
    ketHon: registrationRef.optional(),
    banAn: judgment,
    /** Con chung, tài sản … */
    noiDung: optionalMultilineText,
    nguoiYeuCau: requesterBlock.optional(),
  })
  .superRefine((record, ctx) => reportIssues(ctx, lhErrors(record)), { when: () => true });

export type LhRecord = z.infer<typeof lhRecordSchema>;

export function lhPeople(): PersonRef[] {
  return [
    { path: ['chong'], full: true },
    { path: ['vo'], full: true },
    { path: ['nguoiYeuCau'], full: false },
  ];
}

function isDomestic(record: unknown): boolean {
  return textAt(record, ['nguon']) === DIVORCE_SOURCE_DOMESTIC;
}

/** Hard errors of an LH entry (run inside the schema; `record` may be malformed). */
export function lhErrors(record: unknown, now = new Date()): RuleIssue[] {
  const issues = [
    ...commonErrors(record, lhPeople(), LH_DATE_LABEL, now),
    ...missingUnlessMarked(record, [['loaiViec']], requiredChoiceMessage('loại việc (ly hôn hoặc hủy việc kết hôn)')),
    ...missingUnlessMarked(record, [['chong', 'hoTen']], requiredMessage('họ, chữ đệm, tên người chồng')),
    ...missingUnlessMarked(record, [['vo', 'hoTen']], requiredMessage('họ, chữ đệm, tên người vợ')),
    ...missingUnlessMarked(record, [['banAn', 'so']], requiredMessage('số bản án, quyết định')),
    ...missingUnlessMarked(record, [['banAn', 'ngay']], requiredMessage('ngày bản án, quyết định')),
    ...missingUnlessMarked(record, [['banAn', 'coQuan']], requiredMessage('cơ quan ra bản án, quyết định')),
    // A Vietnamese court's judgment needs no country.
    ...(isDomestic(record)
      ? []
      : missingUnlessMarked(record, [['banAn', 'quocGia']], requiredChoiceMessage('quốc gia của cơ quan ra bản án'))),
    ...futureDateErrors(
      record,
      [
        ['banAn', 'ngay'],
        ['banAn', 'ngayHieuLuc'],
        ['ketHon', 'ngay'],
      ],
      now,
    ),
    ...outOfOrder(record, ['banAn', 'ngay'], ['ngayDangKy'], 'Ngày ghi chú không thể trước ngày bản án, quyết định'),
    ...outOfOrder(
      record,
      ['banAn', 'ngay'],
      ['banAn', 'ngayHieuLuc'],
      'Ngày có hiệu lực không thể trước ngày bản án, quyết định',
    ),
  ];
  // The marriage comes strictly before the judgment that ends it (same day: impossible too).
  const married = dateAt(record, ['ketHon', 'ngay']);
  const judged = dateAt(record, ['banAn', 'ngay']);
  if (married && judged && (isCertainlyAfter(married, judged) || isSameDay(married, judged))) {
    issues.push({ path: ['ketHon', 'ngay'], message: 'Ngày đăng ký kết hôn phải trước ngày bản án, quyết định' });
  }
  return issues;
}

/** Warnings of an LH entry. */
export function lhWarnings(record: LhRecord, context: WarningContext = {}): RuleIssue[] {
  const issues = commonWarnings(record, lhPeople(), context, LH_DATE_LABEL);
  // A judgment is noted once it is in force.
  issues.push(
    ...outOfOrder(record, ['banAn', 'ngayHieuLuc'], ['ngayDangKy'], 'Ngày có hiệu lực sau ngày ghi chú: kiểm tra lại', [
      'banAn',
      'ngayHieuLuc',
    ]),
  );
  if (!isDomestic(record) && textAt(record, ['banAn', 'quocGia']) === DEFAULT_NATIONALITY) {
    issues.push({
      path: ['nguon'],
      message: 'Bản án, quyết định của Việt Nam: chọn nguồn "Tòa án Việt Nam" nếu sổ ghi như vậy',
    });
  }
  return issues;
}

const LH_V1: ColumnSet = {
  bookType: 'LH',
  version: 1,
  since: '2026-11-21',
  sheetName: SHEET_NAME,
  codeSheetName: CODE_SHEET_NAME,
  columns: [
    ...registrationColumns(col('loaiDangKy', 'loaiViec', 'Loại việc', 'code', { codeList: 'loaiViecLyHon' })),
    col('nguonGhiChu', 'nguon', 'Nguồn của bản án / quyết định', 'code', { codeList: 'nguonLyHon' }),
    ...personColumns('chong', 'chong', 'bên chồng'),
    ...personColumns('vo', 'vo', 'bên vợ'),
    col('soDangKyKetHon', 'ketHon.so', 'Số giấy chứng nhận kết hôn / ghi chú kết hôn'),
    col('ngayDangKyKetHon', 'ketHon.ngay', 'Ngày đăng ký kết hôn', 'date'),
    col('noiDangKyKetHon', 'ketHon.noiDangKy', 'Nơi đăng ký kết hôn'),
    col('soBanAn', 'banAn.so', 'Số bản án / quyết định'),
    col('ngayBanAn', 'banAn.ngay', 'Ngày bản án / quyết định', 'date'),
    col('ngayHieuLucBanAn', 'banAn.ngayHieuLuc', 'Ngày có hiệu lực của bản án / quyết định', 'date'),
    col('coQuanBanAn', 'banAn.coQuan', 'Cơ quan ra bản án / quyết định'),
    col('quocGiaBanAn', 'banAn.quocGia', 'Quốc gia của cơ quan ra bản án / quyết định'),
    col('noiDung', 'noiDung', 'Nội dung (con chung, tài sản…)'),
    ...registrantColumns('nguoiYeuCau', 'người yêu cầu', true),
  ],
  notExported: COMMON_NOT_EXPORTED,
};

export const LH_BOOK_TYPE = defineBookType({
  code: 'LH',
  record: defineRecordType({
    schema: lhRecordSchema,
    warnings: lhWarnings,
    indexed: (r) => indexedRegistration(r, [r.chong?.hoTen, r.vo?.hoTen]),
    registrationDateLabel: 'Ngày ghi chú',
  }),
  layout: {
    title: 'Trường hợp ghi chú ly hôn',
    blank: () => ({
      ...blankRegistration(),
      loaiViec: '',
      nguon: 'nuoc-ngoai',
      chong: withoutBirthPlace(),
      vo: withoutBirthPlace(),
      ketHon: { so: '', ngay: '', noiDangKy: '' },
      banAn: { so: '', ngay: '', ngayHieuLuc: '', coQuan: '', quocGia: '' },
      noiDung: '',
      nguoiYeuCau: { ...blankRegistrant(), quanHe: '' },
    }),
    items: [
      registrationLayout('Ngày ghi chú'),
      {
        kind: 'row',
        fields: [
          { kind: 'select', path: 'loaiViec', label: 'Loại việc', options: DIVORCE_KINDS, required: true },
          { kind: 'select', path: 'nguon', label: 'Nguồn', options: DIVORCE_SOURCES },
        ],
      },
      { kind: 'group', legend: 'Bên chồng', items: personLayout({ prefix: 'chong' }) },
      { kind: 'group', legend: 'Bên vợ', items: personLayout({ prefix: 'vo' }) },
      {
        kind: 'group',
        legend: 'Đã đăng ký kết hôn (giấy chứng nhận kết hôn / ghi chú kết hôn)',
        items: [
          {
            kind: 'row',
            fields: [
              text('ketHon.so', 'Số'),
              date('ketHon.ngay', 'Ngày đăng ký'),
              text('ketHon.noiDangKy', 'Nơi đăng ký', { size: 'wide' }),
            ],
          },
        ],
      },
      {
        kind: 'group',
        legend: 'Bản án / Quyết định',
        items: [
          {
            kind: 'row',
            fields: [
              text('banAn.so', 'Số', { required: true }),
              date('banAn.ngay', 'Ngày', { required: true }),
              date('banAn.ngayHieuLuc', 'Ngày có hiệu lực'),
            ],
          },
          {
            kind: 'row',
            fields: [
              text('banAn.coQuan', 'Cơ quan (tòa án…)', { required: true, size: 'wide' }),
              {
                kind: 'nationality',
                path: 'banAn.quocGia',
                label: 'Quốc gia',
                // A Vietnamese court's judgment needs no country (lhErrors).
                required: true,
                requiredUnless: { path: 'nguon', equals: DIVORCE_SOURCE_DOMESTIC },
              },
            ],
          },
        ],
      },
      { kind: 'textarea', path: 'noiDung', label: 'Nội dung (con chung, tài sản…)', size: 'wide' },
      registrantLayout('nguoiYeuCau', 'Người yêu cầu ghi chú', true),
      signatureLayout,
    ],
  },
  columnSets: [LH_V1],
  people: ['chong', 'vo'],
  critical: ['chong.hoTen', 'chong.ngaySinh', 'vo.hoTen', 'vo.ngaySinh'],
  labels: { ngayDangKy: 'Ngày ghi chú' },
});
