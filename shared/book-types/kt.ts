/**
 * KT — Sổ đăng ký khai tử (death registration, ho-tich.md §3, §6, §7): its one description.
 *
 * The book (TT 15/2015, TT 04/2020) prints per entry: số, ngày đăng ký, the deceased (name, birth
 * date, sex, ethnicity, nationality, identity paper, last residence), the date and hour of death,
 * the place and cause of death, the death notice (giấy báo tử) or the paper replacing it, the
 * person who came to declare the death, the signer and the clerk. The Ministry's import template
 * adds the kind of registration, loại cư trú, a second nationality, the court's declaration of
 * death (tuyên bố chết) and its cancellation, and a registration made abroad first.
 *
 * The template has no column for the deceased's số định danh cá nhân, so the KT person carries
 * none (a CCCD number is the identity paper's number, checked as such).
 */
import { z } from '../zod';
import type { CodeList } from '../export/code-lists';
import {
  blankBtpPerson,
  btpPerson,
  btpRequester,
  foreignRegistration,
  optionalCode,
  optionalPartialDate,
  optionalText,
  registrationFields,
} from '../records/fields';
import { textAt } from '../records/marks';
import {
  commonErrors,
  commonWarnings,
  dateAt,
  futureDateErrors,
  isSamePerson,
  missingUnlessMarked,
  otherPaperErrors,
  outOfOrder,
  reportIssues,
  requiredChoiceMessage,
  requiredMessage,
  type PersonRef,
  type RuleIssue,
  type WarningContext,
} from '../records/rules';
import type { PartialDate } from '../dates/partial-date';
import {
  blankBtpRequester,
  blankForeignRegistration,
  btpPersonLayout,
  btpRequesterLayout,
  date,
  foreignRegistrationLayout,
  registrationLayout,
  blankRegistration,
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
  foreignRegistrationColumns,
  registrationColumns,
  type ColumnDef,
  type ColumnSet,
} from './columns';
import { defineBookType, defineRecordType, indexedRegistration } from './define';
import type { Option } from './layout';

/*
 * Code lists of the book (inline: used by no other type). The codes follow the KS template's
 * "Ghi chu" sheet (1 đúng hạn, 2 lại, 3 ghi vào sổ, 4 quá hạn; "Cấp bản chính" is KS-only), the
 * vendor tables HT_KT_LOAIDANGKY / HT_KT_LOAI_GIAY_BAO_TU being public by name only [I]; the kinds
 * of papers replacing a death notice are those of NĐ 123/2015 Điều 4 khoản 2.
 */

export const KT_REGISTRATION_KINDS = {
  id: 'loaiDangKyKhaiTu',
  title: 'Loại đăng ký khai tử',
  entries: [
    { value: 'dung-han', code: '1', name: 'Đăng ký đúng hạn' },
    { value: 'lai', code: '2', name: 'Đăng ký lại' },
    {
      value: 'ghi-vao-so',
      code: '3',
      name: 'Ghi vào sổ việc khai tử đã đăng ký ở cơ quan có thẩm quyền nước ngoài',
    },
    { value: 'qua-han', code: '4', name: 'Đăng ký quá hạn' },
    { value: 'khong-xac-dinh', code: '5', name: 'Không xác định' },
  ],
} as const satisfies CodeList;

export const KT_DEATH_NOTICE_KINDS = {
  id: 'loaiGiayBaoTu',
  title: 'Loại giấy báo tử, giấy tờ thay giấy báo tử',
  entries: [
    { value: 'giay-bao-tu', code: '1', name: 'Giấy báo tử' },
    { value: 'ban-an', code: '2', name: 'Bản án, quyết định tuyên bố một người là đã chết' },
    { value: 'cong-an', code: '3', name: 'Văn bản xác nhận của cơ quan công an' },
    { value: 'giam-dinh', code: '4', name: 'Kết quả giám định pháp y' },
    { value: 'khac', code: '5', name: 'Giấy tờ khác thay giấy báo tử' },
  ],
} as const satisfies CodeList;

export const KT_DECLARATION_STATES = {
  id: 'tinhTrangTuyenBoChet',
  title: 'Tình trạng tuyên bố việc chết',
  entries: [
    { value: 'tuyen-bo', code: '1', name: 'Tuyên bố' },
    { value: 'huy-tuyen-bo', code: '2', name: 'Hủy tuyên bố' },
  ],
} as const satisfies CodeList;

type Values<L extends { entries: readonly { value: string }[] }> = L['entries'][number]['value'];

function valuesOf<L extends { entries: readonly { value: string }[] }>(list: L): [Values<L>, ...Values<L>[]] {
  return list.entries.map((e) => e.value) as [Values<L>, ...Values<L>[]];
}

function optionsOf(list: { entries: readonly { value: string; name: string }[] }): Option[] {
  return list.entries.map((e) => ({ code: e.value, name: e.name }));
}

/** The registration kind of an event registered abroad first: shows the foreign block. */
export const KT_FOREIGN_KIND = 'ghi-vao-so';
/** Registered in time: within 15 days of the death (Luật Hộ tịch 2014, Điều 33). */
export const KT_IN_TIME_KIND = 'dung-han';
export const KT_LATE_KIND = 'qua-han';
/** Days after the death within which a registration is in time (Luật Hộ tịch 2014, Điều 33). */
export const KT_DEADLINE_DAYS = 15;

/** The deceased: a template person without số định danh (the KT template has no such column). */
export const deceasedPerson = btpPerson.omit({ soDinhDanh: true });

export const ktRecordSchema = z
  .object({
    ...registrationFields,
    /** Đúng hạn · lại · ghi vào sổ · quá hạn · không xác định: required unless marked. */
    loaiDangKy: optionalCode(valuesOf(KT_REGISTRATION_KINDS), 'Chọn loại đăng ký khai tử trong danh sách'),
    /** Name required unless marked. */
    nguoiChet: deceasedPerson,
    /** Required unless marked; partial dates allowed. */
    ngayChet: optionalPartialDate,
    /** The date of death in words, as a template version has it (nktNgayChetGhiBangChu). */
    ngayChetBangChu: optionalText,
    /** Hour and minute as the book writes them ("14 giờ 30 phút"). */
    gioPhutChet: optionalText,
    noiChet: optionalText,
    nguyenNhanChet: optionalText,
    /** The death notice, or the paper that replaces it. */
    giayBaoTu: z
      .object({
        loai: optionalCode(valuesOf(KT_DEATH_NOTICE_KINDS), 'Chọn loại giấy báo tử trong danh sách'),
        so: optionalText,
        ngay: optionalPartialDate,
        coQuanCap: optionalText,
      })
      .optional(),
    /** A court's declaration of death recorded in the margin, and its cancellation. */
    tuyenBoChet: z
      .object({
        tinhTrang: optionalCode(valuesOf(KT_DECLARATION_STATES), 'Chọn tình trạng tuyên bố việc chết trong danh sách'),
        ngayGhiChu: optionalPartialDate,
        canCu: optionalText,
        ngayGhiChuHuy: optionalPartialDate,
        canCuHuy: optionalText,
      })
      .optional(),
    /** The person who declared the death (người đi khai tử). */
    nguoiYeuCau: btpRequester.optional(),
    /** Only for a death registered abroad first ("ghi vào sổ"). */
    dangKyNuocNgoai: foreignRegistration.optional(),
  })
  .superRefine((record, ctx) => reportIssues(ctx, ktErrors(record)), { when: () => true });

export type KtRecord = z.infer<typeof ktRecordSchema>;

export function ktPeople(): PersonRef[] {
  return [
    { path: ['nguoiChet'], full: true },
    { path: ['nguoiYeuCau'], full: false },
  ];
}

/** Hard errors of a KT entry (run inside the schema; `record` may be malformed). */
export function ktErrors(record: unknown, now = new Date()): RuleIssue[] {
  const people = ktPeople();
  return [
    ...commonErrors(record, people, 'ngày đăng ký', now),
    ...missingUnlessMarked(record, [['loaiDangKy']], requiredChoiceMessage('loại đăng ký khai tử')),
    ...missingUnlessMarked(record, [['nguoiChet', 'hoTen']], requiredMessage('họ, chữ đệm, tên người chết')),
    ...missingUnlessMarked(record, [['ngayChet']], requiredMessage('ngày, tháng, năm chết')),
    ...otherPaperErrors(record, people),
    ...futureDateErrors(
      record,
      [
        ['ngayChet'],
        ['giayBaoTu', 'ngay'],
        ['tuyenBoChet', 'ngayGhiChu'],
        ['tuyenBoChet', 'ngayGhiChuHuy'],
        ['dangKyNuocNgoai', 'ngay'],
      ],
      now,
    ),
    ...outOfOrder(record, ['nguoiChet', 'ngaySinh'], ['ngayChet'], 'Ngày chết không thể trước ngày sinh'),
    ...outOfOrder(record, ['ngayChet'], ['ngayDangKy'], 'Ngày chết không thể sau ngày đăng ký khai tử', ['ngayChet']),
    ...outOfOrder(
      record,
      ['ngayChet'],
      ['tuyenBoChet', 'ngayGhiChu'],
      'Ngày ghi chú tuyên bố chết không thể trước ngày chết',
    ),
    ...outOfOrder(
      record,
      ['tuyenBoChet', 'ngayGhiChu'],
      ['tuyenBoChet', 'ngayGhiChuHuy'],
      'Ngày ghi chú hủy tuyên bố chết không thể trước ngày ghi chú tuyên bố chết',
    ),
  ];
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The first and the last day a partial date may stand for, as UTC milliseconds. */
function spanOf(d: PartialDate): { first: number; last: number } {
  const first = Date.UTC(d.year, (d.month ?? 1) - 1, d.day ?? 1);
  const last =
    d.day !== undefined ? first : d.month !== undefined ? Date.UTC(d.year, d.month, 0) : Date.UTC(d.year, 11, 31);
  return { first, last };
}

/**
 * Days between the death and the registration, as a span the partial dates leave open
 * (undefined when either is unknown).
 */
export function daysToRegistration(record: unknown): { min: number; max: number } | undefined {
  const died = dateAt(record, ['ngayChet']);
  const registered = dateAt(record, ['ngayDangKy']);
  if (!died || !registered) return undefined;
  const d = spanOf(died);
  const r = spanOf(registered);
  return { min: Math.round((r.first - d.last) / DAY_MS), max: Math.round((r.last - d.first) / DAY_MS) };
}

/**
 * Warnings of a KT entry: the shared ones; an "đúng hạn" registration more than 15 days after the
 * death, a "quá hạn" one within them; the declarant the same person as the deceased.
 */
export function ktWarnings(record: KtRecord, context: WarningContext = {}): RuleIssue[] {
  const issues = commonWarnings(record, ktPeople(), context);
  const kind = textAt(record, ['loaiDangKy']);
  const days = daysToRegistration(record);
  if (days && kind === KT_IN_TIME_KIND && days.min > KT_DEADLINE_DAYS) {
    issues.push({
      path: ['loaiDangKy'],
      message: `Đăng ký đúng hạn nhưng ngày đăng ký sau ngày chết ${days.min} ngày (quá ${KT_DEADLINE_DAYS} ngày, Điều 33 Luật Hộ tịch): kiểm tra loại đăng ký hoặc các ngày`,
    });
  }
  if (days && kind === KT_LATE_KIND && days.max <= KT_DEADLINE_DAYS) {
    issues.push({
      path: ['loaiDangKy'],
      message: `Đăng ký quá hạn nhưng ngày đăng ký chỉ sau ngày chết ${days.max} ngày (trong hạn ${KT_DEADLINE_DAYS} ngày): kiểm tra loại đăng ký hoặc các ngày`,
    });
  }
  if (isSamePerson(record, ['nguoiYeuCau'], ['nguoiChet'])) {
    issues.push({ path: ['nguoiYeuCau', 'hoTen'], message: 'Người đi khai tử trùng tên với người chết: kiểm tra lại' });
  }
  return issues;
}

/** The registration kind column (with its code list). */
const loaiDangKyColumn = col('loaiDangKy', 'loaiDangKy', 'Loại đăng ký khai tử', 'code', {
  codeList: KT_REGISTRATION_KINDS,
});

/**
 * The columns of the KT template (ho-tich.md §7; order and names as in a vendor's exporter of the
 * Ministry's format, github.com search "nktTinhTrangTuyenBoViecChet": 48 columns), after STT as in
 * the KS template. `withDateInWords`: the newer template's nktNgayChetGhiBangChu.
 */
function ktColumns(withDateInWords: boolean): ColumnDef[] {
  return [
    ...registrationColumns(loaiDangKyColumn),
    ...btpPersonColumns('nkt', 'nguoiChet', 'người chết'),
    col('nktNgayChet', 'ngayChet', 'Ngày chết', 'date'),
    ...(withDateInWords ? [col('nktNgayChetGhiBangChu', 'ngayChetBangChu', 'Ngày chết ghi bằng chữ')] : []),
    col('nktGioPhutChet', 'gioPhutChet', 'Giờ, phút chết'),
    col('nktNoiChet', 'noiChet', 'Nơi chết'),
    col('nktNguyenNhanChet', 'nguyenNhanChet', 'Nguyên nhân chết'),
    col('nktTinhTrangTuyenBoViecChet', 'tuyenBoChet.tinhTrang', 'Tình trạng tuyên bố việc chết', 'code', {
      codeList: KT_DECLARATION_STATES,
    }),
    col('nktNgayGhiChuTuyenBoViecChet', 'tuyenBoChet.ngayGhiChu', 'Ngày ghi chú tuyên bố việc chết', 'date'),
    col('nktCanCuTuyenBoViecChet', 'tuyenBoChet.canCu', 'Căn cứ tuyên bố việc chết'),
    col('nktNgayGhiChuHuyTuyenBoViecChet', 'tuyenBoChet.ngayGhiChuHuy', 'Ngày ghi chú hủy tuyên bố việc chết', 'date'),
    col('nktCanCuHuyTuyenBoViecChet', 'tuyenBoChet.canCuHuy', 'Căn cứ hủy tuyên bố việc chết'),
    col('gbtLoai', 'giayBaoTu.loai', 'Loại giấy báo tử', 'code', { codeList: KT_DEATH_NOTICE_KINDS }),
    col('gbtSo', 'giayBaoTu.so', 'Số giấy báo tử'),
    col('gbtNgay', 'giayBaoTu.ngay', 'Ngày cấp giấy báo tử', 'date'),
    col('gbtCoQuanCap', 'giayBaoTu.coQuanCap', 'Cơ quan cấp giấy báo tử'),
    ...btpRequesterColumns('nguoiYeuCau', 'người đi khai tử'),
    ...foreignRegistrationColumns('dangKyNuocNgoai'),
  ];
}

/** The older template, without the date of death in words (47 columns after STT). */
export const KT_V1: ColumnSet = {
  bookType: 'KT',
  version: 1,
  since: '2026-11-30',
  sheetName: SHEET_NAME,
  codeSheetName: CODE_SHEET_NAME,
  columns: ktColumns(false),
  notExported: [
    ...COMMON_NOT_EXPORTED,
    {
      path: 'ngayChetBangChu',
      reason: 'Mẫu nhập khai tử cũ không có cột nktNgayChetGhiBangChu: ngày chết đã có ở cột nktNgayChet',
    },
  ],
};

/** The newer template, with nktNgayChetGhiBangChu (48 columns after STT): used for new exports. */
export const KT_V2: ColumnSet = {
  bookType: 'KT',
  version: 2,
  since: '2026-11-30',
  sheetName: SHEET_NAME,
  codeSheetName: CODE_SHEET_NAME,
  columns: ktColumns(true),
  notExported: COMMON_NOT_EXPORTED,
};

export const blankKt = () => ({
  ...blankRegistration(),
  loaiDangKy: '',
  nguoiChet: (({ soDinhDanh: _s, ...rest }) => rest)(blankBtpPerson()),
  ngayChet: '',
  ngayChetBangChu: '',
  gioPhutChet: '',
  noiChet: '',
  nguyenNhanChet: '',
  giayBaoTu: { loai: '', so: '', ngay: '', coQuanCap: '' },
  tuyenBoChet: { tinhTrang: '', ngayGhiChu: '', canCu: '', ngayGhiChuHuy: '', canCuHuy: '' },
  nguoiYeuCau: blankBtpRequester(),
  dangKyNuocNgoai: blankForeignRegistration(),
});

export const KT_BOOK_TYPE = defineBookType({
  code: 'KT',
  record: defineRecordType({
    schema: ktRecordSchema,
    warnings: ktWarnings,
    indexed: (r) => indexedRegistration(r, [r.nguoiChet?.hoTen, r.nguoiYeuCau?.hoTen]),
    registrationDateLabel: 'Ngày đăng ký',
  }),
  layout: {
    title: 'Trường hợp đăng ký khai tử',
    blank: blankKt,
    items: [
      registrationLayout('Ngày, tháng, năm đăng ký'),
      {
        kind: 'select',
        path: 'loaiDangKy',
        label: 'Loại đăng ký',
        options: optionsOf(KT_REGISTRATION_KINDS),
        required: true,
      },
      {
        kind: 'group',
        legend: 'Người chết',
        items: btpPersonLayout({ prefix: 'nguoiChet', personalNumber: false }),
      },
      {
        kind: 'group',
        legend: 'Việc chết',
        items: [
          {
            kind: 'row',
            fields: [
              date('ngayChet', 'Ngày, tháng, năm chết', { required: true }),
              text('gioPhutChet', 'Giờ, phút chết', { size: 'narrow' }),
              text('ngayChetBangChu', 'Ngày chết ghi bằng chữ', { size: 'wide' }),
            ],
          },
          {
            kind: 'row',
            fields: [
              text('noiChet', 'Nơi chết', { size: 'wide' }),
              text('nguyenNhanChet', 'Nguyên nhân chết', { size: 'wide' }),
            ],
          },
        ],
      },
      {
        kind: 'group',
        legend: 'Giấy báo tử hoặc giấy tờ thay giấy báo tử',
        items: [
          {
            kind: 'row',
            fields: [
              {
                kind: 'select',
                path: 'giayBaoTu.loai',
                label: 'Loại giấy',
                options: optionsOf(KT_DEATH_NOTICE_KINDS),
              },
              text('giayBaoTu.so', 'Số'),
              date('giayBaoTu.ngay', 'Ngày cấp'),
              text('giayBaoTu.coQuanCap', 'Cơ quan cấp', { size: 'wide' }),
            ],
          },
        ],
      },
      btpRequesterLayout('nguoiYeuCau', 'Người đi khai tử'),
      foreignRegistrationLayout('dangKyNuocNgoai', { path: 'loaiDangKy', equals: KT_FOREIGN_KIND }),
      {
        kind: 'group',
        legend: 'Tuyên bố chết, hủy tuyên bố chết (ghi chú bên lề)',
        optional: true,
        items: [
          {
            kind: 'row',
            fields: [
              {
                kind: 'select',
                path: 'tuyenBoChet.tinhTrang',
                label: 'Tình trạng',
                options: optionsOf(KT_DECLARATION_STATES),
              },
              date('tuyenBoChet.ngayGhiChu', 'Ngày ghi chú tuyên bố'),
              text('tuyenBoChet.canCu', 'Căn cứ tuyên bố', { size: 'wide' }),
            ],
          },
          {
            kind: 'row',
            fields: [
              date('tuyenBoChet.ngayGhiChuHuy', 'Ngày ghi chú hủy tuyên bố'),
              text('tuyenBoChet.canCuHuy', 'Căn cứ hủy tuyên bố', { size: 'wide' }),
            ],
          },
        ],
      },
      signatureLayout,
    ],
  },
  columnSets: [KT_V1, KT_V2],
  people: ['nguoiChet', 'nguoiYeuCau'],
  labels: { nguoiYeuCau: 'Người đi khai tử' },
  fieldLabels: {
    loaiDangKy: 'Loại đăng ký',
    nguoiChet: 'Người chết',
    ngayChet: 'Ngày chết',
    ngayChetBangChu: 'Ngày chết ghi bằng chữ',
    gioPhutChet: 'Giờ, phút chết',
    noiChet: 'Nơi chết',
    nguyenNhanChet: 'Nguyên nhân chết',
    giayBaoTu: 'Giấy báo tử',
    coQuanCap: 'Cơ quan cấp',
    tuyenBoChet: 'Tuyên bố chết',
    ngayGhiChu: 'Ngày ghi chú',
    ngayGhiChuHuy: 'Ngày ghi chú hủy',
    canCuHuy: 'Căn cứ hủy',
  },
  critical: ['nguoiChet.hoTen', 'nguoiChet.ngaySinh'],
});
