/**
 * TD — Sổ đăng ký thay đổi, cải chính, bổ sung hộ tịch, xác định lại dân tộc (ho-tich.md §4).
 * The content "Được thay đổi … từ … thành …" is a list of changes {truong, tu, thanh}.
 */
import { z } from '../zod';
import { findEthnicity } from '../catalogs/ethnicities';
import {
  CHANGE_KINDS,
  CHANGE_KIND_CODES,
  CHANGE_KIND_ETHNICITY,
  CHANGE_KIND_SUPPLEMENT,
  CIVIL_STATUS_DOCUMENTS,
  CIVIL_STATUS_DOCUMENT_CODES,
} from '../catalogs/pick-lists';
import { foldForSearch } from '../text/normalize';
import {
  optionalCode,
  optionalPartialDate,
  optionalText,
  personBlock,
  registrationFields,
  requesterBlock,
} from '../records/fields';
import { isMarkedIllegible, isMarkedUncertain, textAt } from '../records/marks';
import {
  commonErrors,
  commonWarnings,
  futureDateErrors,
  listAt,
  missingUnlessMarked,
  outOfOrder,
  reportIssues,
  requiredChoiceMessage,
  requiredMessage,
  sameText,
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
  type EntryColumn,
  MAX_TD_CHANGES,
} from './columns';
import { defineBookType, defineRecordType, indexedRegistration } from './define';

/** One change: the field changed as the book words it, the old value, the new value. */
export const changeItem = z.object({
  /** "Tên đệm", "Dân tộc", …: required unless marked. */
  truong: optionalText,
  /** Old value; empty for a supplement (bổ sung) of missing information. */
  tu: optionalText,
  /** New value: required unless marked. */
  thanh: optionalText,
});
export type ChangeItem = z.infer<typeof changeItem>;

/** The civil-status record being changed: its kind (pick list), số, ngày cấp, nơi cấp. */
export const changedDocument = z.object({
  loai: optionalCode(CIVIL_STATUS_DOCUMENT_CODES, 'Chọn tên giấy tờ hộ tịch trong danh sách'),
  so: optionalText,
  ngayCap: optionalPartialDate,
  noiCap: optionalText,
});

export const tdRecordSchema = z
  .object({
    ...registrationFields,
    /** One or more kinds: required unless marked. */
    loaiThayDoi: z
      .array(z.enum(CHANGE_KIND_CODES, { error: 'Chọn loại việc trong danh sách' }))
      .refine((kinds) => new Set(kinds).size === kinds.length, 'Mỗi loại việc chỉ chọn một lần')
      .optional(),
    /** The person changed: name and birth date required unless marked. */
    nguoi: personBlock,
    giayToHoTich: changedDocument,
    /** At least one change unless marked. */
    thayDoi: z.array(changeItem).max(20, 'Tối đa 20 nội dung thay đổi').optional(),
    lyDo: optionalText,
    canCu: optionalText,
    nguoiDiDangKy: requesterBlock.optional(),
  })
  .superRefine((record, ctx) => reportIssues(ctx, tdErrors(record)), { when: () => true });

export type TdRecord = z.infer<typeof tdRecordSchema>;

export function tdPeople(): PersonRef[] {
  return [
    { path: ['nguoi'], full: true },
    { path: ['nguoiDiDangKy'], full: false },
  ];
}

function kindsOf(record: unknown): string[] {
  return listAt(record, ['loaiThayDoi']).filter((k): k is string => typeof k === 'string');
}

/**
 * Whether a change is about ethnicity: its field says "dân tộc" (also "Dân tộc của cha"), or the
 * entry's only kind is "Xác định lại dân tộc".
 */
export function isEthnicityChange(record: unknown, index: number): boolean {
  const kinds = kindsOf(record);
  if (!kinds.includes(CHANGE_KIND_ETHNICITY)) return false;
  if (kinds.length === 1) return true;
  return foldForSearch(textAt(record, ['thayDoi', index, 'truong'])).includes('dan toc');
}

/** Hard errors of a TD entry (run inside the schema; `record` may be malformed). */
export function tdErrors(record: unknown, now = new Date()): RuleIssue[] {
  const issues = [
    ...commonErrors(record, tdPeople(), 'ngày đăng ký', now),
    ...missingUnlessMarked(record, [['nguoi', 'hoTen']], requiredMessage('họ, chữ đệm, tên')),
    ...missingUnlessMarked(record, [['nguoi', 'ngaySinh']], requiredMessage('ngày, tháng, năm sinh')),
    ...missingUnlessMarked(
      record,
      [['giayToHoTich', 'loai']],
      requiredChoiceMessage('tên giấy tờ hộ tịch được thay đổi'),
    ),
    ...missingUnlessMarked(record, [['loaiThayDoi']], requiredChoiceMessage('ít nhất một loại việc')),
    ...missingUnlessMarked(record, [['thayDoi']], requiredMessage('ít nhất một nội dung thay đổi')),
    ...futureDateErrors(record, [['giayToHoTich', 'ngayCap']], now),
    ...outOfOrder(
      record,
      ['giayToHoTich', 'ngayCap'],
      ['ngayDangKy'],
      'Ngày cấp giấy tờ hộ tịch được thay đổi không thể sau ngày đăng ký thay đổi',
      ['giayToHoTich', 'ngayCap'],
    ),
  ];
  listAt(record, ['thayDoi']).forEach((_, i) => {
    const at = (field: string) => ['thayDoi', i, field];
    issues.push(
      ...missingUnlessMarked(record, [at('truong')], requiredMessage('nội dung được thay đổi (ví dụ: Tên đệm)')),
      ...missingUnlessMarked(record, [at('thanh')], requiredMessage('giá trị mới')),
    );
    const from = textAt(record, at('tu'));
    const to = textAt(record, at('thanh'));
    // Case and diacritics count: "Nguyen" → "Nguyễn" is a real correction.
    if (from && to && sameText(from, to)) {
      issues.push({ path: at('thanh'), message: 'Giá trị mới giống hệt giá trị cũ' });
    }
    if (isEthnicityChange(record, i)) {
      issues.push(...missingUnlessMarked(record, [at('tu')], requiredMessage('dân tộc cũ')));
      for (const [field, value] of [
        ['tu', from],
        ['thanh', to],
      ] as const) {
        if (value && !findEthnicity(value) && !isMarkedUncertain(record, at(field))) {
          issues.push({ path: at(field), message: `"${value}" không phải là dân tộc trong danh mục` });
        }
      }
    }
  });
  return issues;
}

/** Warnings of a TD entry. */
export function tdWarnings(record: TdRecord, context: WarningContext = {}): RuleIssue[] {
  const issues = commonWarnings(record, tdPeople(), context);
  const kinds = kindsOf(record);
  const changes = listAt(record, ['thayDoi']);
  if (kinds.includes(CHANGE_KIND_ETHNICITY) && !changes.some((_, i) => isEthnicityChange(record, i))) {
    issues.push({
      path: ['loaiThayDoi'],
      message: 'Đã chọn "Xác định lại dân tộc" nhưng chưa có nội dung thay đổi nào về dân tộc',
    });
  }
  if (!kinds.includes(CHANGE_KIND_SUPPLEMENT)) {
    changes.forEach((_, i) => {
      const path = ['thayDoi', i, 'tu'];
      if (!textAt(record, path) && !isMarkedIllegible(record, path)) {
        issues.push({ path, message: 'Chưa nhập giá trị cũ ("từ"): chỉ để trống khi bổ sung hộ tịch' });
      }
    });
  }
  return issues;
}

export { MAX_TD_CHANGES };

function changes(): EntryColumn[] {
  return Array.from({ length: MAX_TD_CHANGES }, (_, i) => [
    col(`thayDoi${i + 1}Truong`, `thayDoi.${i}.truong`, `Nội dung thay đổi ${i + 1}: trường`),
    col(`thayDoi${i + 1}Tu`, `thayDoi.${i}.tu`, `Nội dung thay đổi ${i + 1}: từ`),
    col(`thayDoi${i + 1}Thanh`, `thayDoi.${i}.thanh`, `Nội dung thay đổi ${i + 1}: thành`),
  ]).flat();
}

const TD_V1: ColumnSet = {
  bookType: 'TD',
  version: 1,
  since: '2026-11-21',
  sheetName: SHEET_NAME,
  codeSheetName: CODE_SHEET_NAME,
  columns: [
    ...registrationColumns(col('loaiDangKy', 'loaiThayDoi', 'Loại thay đổi', 'codes', { codeList: 'loaiThayDoi' })),
    ...personColumns('ntd', 'nguoi', 'người được thay đổi, cải chính'),
    col('loaiGiayToHoTich', 'giayToHoTich.loai', 'Tên giấy tờ hộ tịch', 'code', { codeList: 'loaiGiayToHoTich' }),
    col('soGiayToHoTich', 'giayToHoTich.so', 'Số giấy tờ hộ tịch'),
    col('ngayCapGiayToHoTich', 'giayToHoTich.ngayCap', 'Ngày cấp giấy tờ hộ tịch', 'date'),
    col('noiCapGiayToHoTich', 'giayToHoTich.noiCap', 'Nơi cấp giấy tờ hộ tịch'),
    ...changes(),
    col('lyDo', 'lyDo', 'Lý do'),
    col('canCu', 'canCu', 'Căn cứ'),
    ...registrantColumns('nguoiDiDangKy', 'người đi đăng ký', true),
  ],
  notExported: COMMON_NOT_EXPORTED,
};

export const TD_BOOK_TYPE = defineBookType({
  code: 'TD',
  record: defineRecordType({
    schema: tdRecordSchema,
    warnings: tdWarnings,
    indexed: (r) => indexedRegistration(r, [r.nguoi?.hoTen]),
    registrationDateLabel: 'Ngày đăng ký',
  }),
  layout: {
    title: 'Trường hợp thay đổi, cải chính, bổ sung hộ tịch, xác định lại dân tộc',
    blank: () => ({
      ...blankRegistration(),
      loaiThayDoi: [],
      nguoi: withoutBirthPlace(),
      giayToHoTich: { loai: '', so: '', ngayCap: '', noiCap: '' },
      thayDoi: [{ truong: '', tu: '', thanh: '' }],
      lyDo: '',
      canCu: '',
      nguoiDiDangKy: { ...blankRegistrant(), quanHe: '' },
    }),
    items: [
      registrationLayout('Ngày, tháng, năm đăng ký'),
      { kind: 'checkboxes', path: 'loaiThayDoi', label: 'Loại việc', options: CHANGE_KINDS, required: true },
      {
        kind: 'group',
        legend: 'Người được thay đổi, cải chính, bổ sung, xác định lại dân tộc',
        items: personLayout({ prefix: 'nguoi', birthDateRequired: true }),
      },
      {
        kind: 'group',
        legend: 'Giấy tờ hộ tịch được thay đổi',
        items: [
          {
            kind: 'row',
            fields: [
              {
                kind: 'select',
                path: 'giayToHoTich.loai',
                label: 'Tên giấy tờ',
                options: CIVIL_STATUS_DOCUMENTS,
                required: true,
              },
              text('giayToHoTich.so', 'Số'),
              date('giayToHoTich.ngayCap', 'Ngày cấp'),
              text('giayToHoTich.noiCap', 'Nơi cấp'),
            ],
          },
        ],
      },
      {
        kind: 'list',
        path: 'thayDoi',
        legend: (i) => `Nội dung thay đổi ${i + 1}`,
        min: 1,
        max: 20,
        addLabel: 'Thêm nội dung thay đổi',
        blank: () => ({ truong: '', tu: '', thanh: '' }),
        items: [
          {
            kind: 'row',
            fields: [
              { kind: 'changedField', path: '$.truong', label: 'Nội dung được thay đổi (ô)', required: true },
              text('$.tu', 'Từ'),
              text('$.thanh', 'Thành', { required: true }),
            ],
          },
        ],
      },
      { kind: 'row', fields: [text('lyDo', 'Lý do', { size: 'wide' }), text('canCu', 'Căn cứ', { size: 'wide' })] },
      registrantLayout('nguoiDiDangKy', 'Người đi đăng ký', true),
      signatureLayout,
    ],
  },
  columnSets: [TD_V1],
  people: ['nguoi'],
  critical: ['nguoi.hoTen', 'nguoi.ngaySinh'],
});
