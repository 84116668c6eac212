/**
 * HN — Sổ cấp Giấy xác nhận tình trạng hôn nhân (ho-tich.md §3, §6, §7): its one description.
 *
 * The book (TT 15/2015, TT 04/2020) records, per certificate: số, ngày cấp, the person confirmed
 * (người được xác nhận), the period of residence the status is confirmed for (cư trú tại … từ
 * ngày … đến ngày …), the marital status as the book writes it, the purpose of use (mục đích sử
 * dụng), the person who asked for it, the signer and the clerk. The registration date of this
 * book is the date the certificate was issued ("Ngày cấp"): the field is still `ngayDangKy`.
 *
 * Excel: the Ministry's HN import set (35 columns, prefix nxn "người được xác nhận", no
 * loaiDangKy, the office written as `noiCap`). The column names and their order are those of
 * vendor pipelines that feed the Ministry's import (e.g. the HN case of a Java exporter listing
 * "// 35 cols": so, quyenSo, trangSo, ngayDangKy, noiCap, nguoiKy, chucVuNguoiKy, nguoiThucHien,
 * ghiChu, nxnHoTen … nxnMucDichSuDung, nycHoTen … nycNoiCapGiayToTuyThan; the same names in the
 * HT_XACNHANHONNHAN tables of other vendors), with STT first as in the real KS template.
 */
import { z } from '../zod';
import type { CodeList } from '../export/code-lists';
import {
  blankBtpPerson,
  btpPerson,
  btpRequester,
  optionalCode,
  optionalPartialDate,
  optionalText,
  registrationFields,
} from '../records/fields';
import { textAt } from '../records/marks';
import { foldForSearch } from '../text/normalize';
import {
  ageAt,
  commonErrors,
  commonWarnings,
  formatAge,
  futureDateErrors,
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
  blankBtpRequester,
  blankRegistration,
  btpPersonLayout,
  btpRequesterLayout,
  date,
  registrationLayout,
  signatureLayout,
  text,
} from './blocks';
import {
  COMMON_NOT_EXPORTED,
  CODE_SHEET_NAME,
  SHEET_NAME,
  btpPersonColumns,
  btpRequesterColumns,
  col,
  type ColumnSet,
} from './columns';
import { defineBookType, defineRecordType, indexedRegistration } from './define';

/** The label of `ngayDangKy` in this book, in messages. */
export const HN_DATE_LABEL = 'ngày cấp';

/** Purpose of use: for marriage, or for another purpose (the book then writes which). */
export const PURPOSE_MARRIAGE = 'ket-hon';
export const PURPOSE_OTHER = 'khac';

/**
 * Loại mục đích sử dụng (nxnLoaiMucDichSuDung, an integer code in the vendor tables, which join
 * it to their own list HT_HN_MUCDICH). No public copy of that list was found: the two codes below
 * follow NĐ 123/2015 (a certificate for marriage names the other party; any other use is
 * written out) and are data, to be corrected here when the Ministry's list is known [I].
 */
export const PURPOSE_CODE_LIST: CodeList = {
  id: 'loaiMucDichSuDungHN',
  title: 'Loại mục đích sử dụng giấy xác nhận tình trạng hôn nhân',
  entries: [
    { value: PURPOSE_MARRIAGE, code: '1', name: 'Kết hôn' },
    { value: PURPOSE_OTHER, code: '2', name: 'Mục đích khác' },
  ],
};

const PURPOSE_OPTIONS = PURPOSE_CODE_LIST.entries.map((e) => ({ code: e.value, name: e.name }));
const PURPOSE_VALUES = PURPOSE_CODE_LIST.entries.map((e) => e.value) as [string, ...string[]];

/** The person confirmed: a template person without số định danh (the HN template has no such column). */
export const confirmedPerson = btpPerson.omit({ soDinhDanh: true });

/** The period of residence the status is confirmed for: cư trú tại … từ ngày … đến ngày …. */
export const residencePeriod = z.object({
  noiCuTru: optionalText,
  tuNgay: optionalPartialDate,
  denNgay: optionalPartialDate,
});

export const hnRecordSchema = z
  .object({
    ...registrationFields,
    /** Name and birth date required unless marked. */
    nguoiDuocXacNhan: confirmedPerson,
    thoiGianCuTru: residencePeriod.optional(),
    /** As the book writes it ("Chưa đăng ký kết hôn với ai", "Đã ly hôn", …): required unless marked. */
    tinhTrangHonNhan: optionalText,
    /** Kết hôn · Mục đích khác: required unless marked. */
    loaiMucDichSuDung: optionalCode(PURPOSE_VALUES, 'Chọn mục đích sử dụng trong danh sách'),
    /** The purpose as written; required when the kind is "Mục đích khác". */
    mucDichSuDung: optionalText,
    nguoiYeuCau: btpRequester.optional(),
  })
  .superRefine((record, ctx) => reportIssues(ctx, hnErrors(record)), { when: () => true });

export type HnRecord = z.infer<typeof hnRecordSchema>;

const PERSON = ['nguoiDuocXacNhan'];

export function hnPeople(): PersonRef[] {
  return [
    { path: PERSON, full: true },
    { path: ['nguoiYeuCau'], full: false },
  ];
}

/** Hard errors of an HN entry (run inside the schema; `record` may be malformed). */
export function hnErrors(record: unknown, now = new Date()): RuleIssue[] {
  const period = (name: string) => ['thoiGianCuTru', name];
  return [
    ...commonErrors(record, hnPeople(), HN_DATE_LABEL, now),
    ...missingUnlessMarked(record, [[...PERSON, 'hoTen']], requiredMessage('họ, chữ đệm, tên người được xác nhận')),
    ...missingUnlessMarked(record, [[...PERSON, 'ngaySinh']], requiredMessage('ngày, tháng, năm sinh')),
    ...missingUnlessMarked(record, [['tinhTrangHonNhan']], requiredMessage('tình trạng hôn nhân')),
    ...missingUnlessMarked(record, [['loaiMucDichSuDung']], requiredChoiceMessage('mục đích sử dụng')),
    ...(textAt(record, ['loaiMucDichSuDung']) === PURPOSE_OTHER
      ? missingUnlessMarked(record, [['mucDichSuDung']], requiredMessage('mục đích sử dụng cụ thể'))
      : []),
    ...otherPaperErrors(record, hnPeople()),
    ...futureDateErrors(record, [period('tuNgay'), period('denNgay')], now),
    ...outOfOrder(
      record,
      period('tuNgay'),
      period('denNgay'),
      'Thời gian cư trú: "đến ngày" không thể trước "từ ngày"',
    ),
  ];
}

/** The age from which the law allows marriage (Luật Hôn nhân và gia đình 2014, Điều 8). */
function marriageableAge(sex: string): number {
  return sex === '1' ? 20 : 18;
}

/** "Đang có vợ", "đang có chồng": a status that rules out a new marriage. */
function saysMarried(status: string): boolean {
  return /\bdang co (vo|chong)\b/.test(foldForSearch(status));
}

/** Warnings of an HN entry: shared ones, and those of a certificate for marriage. */
export function hnWarnings(record: HnRecord, context: WarningContext = {}): RuleIssue[] {
  const issues = commonWarnings(record, hnPeople(), context, HN_DATE_LABEL);
  if (textAt(record, ['loaiMucDichSuDung']) === PURPOSE_MARRIAGE) {
    const sex = textAt(record, [...PERSON, 'gioiTinh']);
    const minimum = marriageableAge(sex);
    const age = ageAt(record, PERSON, ['ngayDangKy']);
    if (age && age.max < minimum) {
      const who = sex === '1' ? 'nam' : sex === '2' ? 'nữ' : 'người được xác nhận';
      issues.push({
        path: [...PERSON, 'ngaySinh'],
        message: `Người được xác nhận mới ${formatAge(age)} khi cấp giấy để kết hôn (${who} phải từ đủ ${minimum} tuổi): kiểm tra lại`,
      });
    }
    if (saysMarried(textAt(record, ['tinhTrangHonNhan']))) {
      issues.push({
        path: ['tinhTrangHonNhan'],
        message: 'Tình trạng hôn nhân ghi đang có vợ hoặc chồng nhưng mục đích sử dụng là kết hôn: kiểm tra lại',
      });
    }
  }
  // The period confirmed ends at the latest on the day the certificate is issued.
  issues.push(
    ...outOfOrder(
      record,
      ['thoiGianCuTru', 'denNgay'],
      ['ngayDangKy'],
      'Thời gian cư trú kết thúc sau ngày cấp giấy: kiểm tra lại',
      ['thoiGianCuTru', 'denNgay'],
    ),
    ...outOfOrder(
      record,
      [...PERSON, 'ngaySinh'],
      ['thoiGianCuTru', 'tuNgay'],
      'Thời gian cư trú bắt đầu trước ngày sinh: kiểm tra lại',
    ),
  );
  return issues;
}

const HN_V1: ColumnSet = {
  bookType: 'HN',
  version: 1,
  since: '2026-11-30',
  sheetName: SHEET_NAME,
  codeSheetName: CODE_SHEET_NAME,
  columns: [
    { source: 'rowNumber', column: 'STT', label: 'Số thứ tự', kind: 'int' },
    col('so', 'so', 'Số'),
    col('quyenSo', 'quyenSo', 'Quyển số', 'text', { fallback: 'volume' }),
    col('trangSo', 'trangSo', 'Trang số', 'int'),
    col('ngayDangKy', 'ngayDangKy', 'Ngày, tháng, năm cấp', 'date'),
    { source: 'book', bookField: 'office', column: 'noiCap', label: 'Cơ quan cấp', kind: 'text' },
    col('nguoiKy', 'nguoiKy', 'Người ký'),
    col('chucVuNguoiKy', 'chucVuNguoiKy', 'Chức vụ người ký'),
    col('nguoiThucHien', 'nguoiThucHien', 'Người thực hiện'),
    col('ghiChu', 'ghiChu', 'Ghi chú'),
    ...btpPersonColumns('nxn', 'nguoiDuocXacNhan', 'người được xác nhận'),
    col('nxnThoiGianCuTruTai', 'thoiGianCuTru.noiCuTru', 'Nơi cư trú trong thời gian được xác nhận'),
    col('nxnThoiGianCuTruTu', 'thoiGianCuTru.tuNgay', 'Thời gian cư trú từ ngày', 'date'),
    col('nxnThoiGianCuTruDen', 'thoiGianCuTru.denNgay', 'Thời gian cư trú đến ngày', 'date'),
    col('nxnTinhTrangHonNhan', 'tinhTrangHonNhan', 'Tình trạng hôn nhân'),
    col('nxnLoaiMucDichSuDung', 'loaiMucDichSuDung', 'Loại mục đích sử dụng', 'code', {
      codeList: PURPOSE_CODE_LIST,
    }),
    col('nxnMucDichSuDung', 'mucDichSuDung', 'Mục đích sử dụng'),
    ...btpRequesterColumns('nguoiYeuCau', 'người yêu cầu'),
  ],
  notExported: COMMON_NOT_EXPORTED,
};

const blankPerson = () => {
  const { soDinhDanh: _n, ...rest } = blankBtpPerson();
  return rest;
};

export const HN_BOOK_TYPE = defineBookType({
  code: 'HN',
  record: defineRecordType({
    schema: hnRecordSchema,
    warnings: hnWarnings,
    indexed: (r) => indexedRegistration(r, [r.nguoiDuocXacNhan?.hoTen]),
    registrationDateLabel: 'Ngày cấp',
  }),
  layout: {
    title: 'Trường hợp cấp giấy xác nhận tình trạng hôn nhân',
    blank: () => ({
      ...blankRegistration(),
      nguoiDuocXacNhan: blankPerson(),
      thoiGianCuTru: { noiCuTru: '', tuNgay: '', denNgay: '' },
      tinhTrangHonNhan: '',
      loaiMucDichSuDung: '',
      mucDichSuDung: '',
      nguoiYeuCau: blankBtpRequester(),
    }),
    items: [
      registrationLayout('Ngày, tháng, năm cấp'),
      {
        kind: 'group',
        legend: 'Người được xác nhận tình trạng hôn nhân',
        items: btpPersonLayout({ prefix: 'nguoiDuocXacNhan', personalNumber: false, birthDateRequired: true }),
      },
      {
        kind: 'group',
        legend: 'Thời gian cư trú được xác nhận',
        items: [
          {
            kind: 'row',
            fields: [
              text('thoiGianCuTru.noiCuTru', 'Cư trú tại', { size: 'wide', copyable: true }),
              date('thoiGianCuTru.tuNgay', 'Từ ngày'),
              date('thoiGianCuTru.denNgay', 'Đến ngày'),
            ],
          },
        ],
      },
      {
        kind: 'group',
        legend: 'Tình trạng hôn nhân, mục đích sử dụng',
        items: [
          text('tinhTrangHonNhan', 'Tình trạng hôn nhân', { required: true, size: 'wide' }),
          {
            kind: 'row',
            fields: [
              {
                kind: 'select',
                path: 'loaiMucDichSuDung',
                label: 'Loại mục đích sử dụng',
                options: PURPOSE_OPTIONS,
                required: true,
              },
              text('mucDichSuDung', 'Mục đích sử dụng', {
                size: 'wide',
                requiredWhen: { path: 'loaiMucDichSuDung', equals: PURPOSE_OTHER },
              }),
            ],
          },
        ],
      },
      btpRequesterLayout('nguoiYeuCau', 'Người yêu cầu cấp giấy'),
      signatureLayout,
    ],
  },
  columnSets: [HN_V1],
  people: ['nguoiDuocXacNhan'],
  labels: { ngayDangKy: 'Ngày cấp' },
  fieldLabels: {
    nguoiDuocXacNhan: 'Người được xác nhận',
    thoiGianCuTru: 'Thời gian cư trú',
    tuNgay: 'Từ ngày',
    denNgay: 'Đến ngày',
    tinhTrangHonNhan: 'Tình trạng hôn nhân',
    loaiMucDichSuDung: 'Loại mục đích sử dụng',
    mucDichSuDung: 'Mục đích sử dụng',
  },
  critical: ['nguoiDuocXacNhan.hoTen', 'nguoiDuocXacNhan.ngaySinh'],
});
