/**
 * GH — Sổ đăng ký giám hộ (guardianship, ho-tich.md §4): its one description. The schema and the
 * rules serve the form and every backend write; the layout, the Excel columns and the labels are
 * built from the same shared blocks.
 */
import { z } from '../zod';
import { GUARDIANSHIP_KIND_CODES, GUARDIANSHIP_KINDS } from '../catalogs/pick-lists';
import {
  blankPerson,
  optionalCode,
  optionalPartialDate,
  optionalText,
  personBlock,
  personWithBirthPlace,
  registrantBlock,
  registrationFields,
} from '../records/fields';
import { textAt } from '../records/marks';
import {
  ageAt,
  commonErrors,
  commonWarnings,
  formatAge,
  missingUnlessMarked,
  outOfOrder,
  peopleInList,
  reportIssues,
  requiredChoiceMessage,
  requiredMessage,
  isSamePerson,
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
  withoutResidence,
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
import type { LayoutItem } from './layout';

export const ghRecordSchema = z
  .object({
    ...registrationFields,
    /** Giám hộ cử · Giám hộ đương nhiên · Ghi vào sổ hộ tịch việc giám hộ: required unless marked. */
    loaiGiamHo: optionalCode(GUARDIANSHIP_KIND_CODES, 'Chọn loại giám hộ trong danh sách'),
    /** Up to two guardians: both parents or both grandparents may be appointed jointly. */
    nguoiGiamHo: z
      .array(personBlock, { error: 'Cần ít nhất một người giám hộ' })
      .min(1, 'Cần ít nhất một người giám hộ')
      .max(2, 'Tối đa hai người giám hộ'),
    nguoiDuocGiamHo: personWithBirthPlace,
    /** Người đi đăng ký giám hộ. */
    nguoiDiDangKy: registrantBlock.optional(),
    /** Giám hộ cử: the appointing document (số, ngày, cơ quan). */
    vanBanCu: z.object({ so: optionalText, ngay: optionalPartialDate, coQuan: optionalText }).optional(),
    canCu: optionalText,
    /** Also the reason why an adult ward is under guardianship. */
    lyDo: optionalText,
  })
  .superRefine((record, ctx) => reportIssues(ctx, ghErrors(record)), {
    // Shown together with the other missing fields, not only once those are fixed.
    when: () => true,
  });

export type GhRecord = z.infer<typeof ghRecordSchema>;

export function ghPeople(record: unknown): PersonRef[] {
  return [
    ...peopleInList(record, 'nguoiGiamHo'),
    { path: ['nguoiDuocGiamHo'], full: true },
    { path: ['nguoiDiDangKy'], full: false },
  ];
}

/** Hard errors of a GH entry (run inside the schema; `record` may be malformed). */
export function ghErrors(record: unknown, now = new Date()): RuleIssue[] {
  const people = ghPeople(record);
  return [
    ...commonErrors(record, people, 'ngày đăng ký', now),
    ...missingUnlessMarked(record, [['loaiGiamHo']], requiredChoiceMessage('loại giám hộ')),
    ...missingUnlessMarked(
      record,
      people.filter((p) => p.full).map((p) => [...p.path, 'hoTen']),
      requiredMessage('họ, chữ đệm, tên'),
    ),
  ];
}

/** Warnings of a GH entry: shared ones, ward under 18 (or a reason), guardian adult, guardian ≠ ward. */
export function ghWarnings(record: GhRecord, context: WarningContext = {}): RuleIssue[] {
  const issues = commonWarnings(record, ghPeople(record), context);
  const ward = ['nguoiDuocGiamHo'];
  const wardAge = ageAt(record, ward, ['ngayDangKy']);
  if (wardAge && wardAge.min >= 18 && !textAt(record, ['lyDo'])) {
    issues.push({
      path: [...ward, 'ngaySinh'],
      message: `Người được giám hộ đã ${formatAge(wardAge)} khi đăng ký: kiểm tra lại, hoặc ghi lý do vào ô Lý do`,
    });
  }
  const guardians = peopleInList(record, 'nguoiGiamHo');
  for (const guardian of guardians) {
    const age = ageAt(record, guardian.path, ['ngayDangKy']);
    if (age && age.max < 18) {
      issues.push({
        path: [...guardian.path, 'ngaySinh'],
        message: `Người giám hộ mới ${formatAge(age)} khi đăng ký (người giám hộ phải đủ 18 tuổi)`,
      });
    }
    if (isSamePerson(record, guardian.path, ward)) {
      issues.push({ path: [...guardian.path, 'hoTen'], message: 'Người giám hộ trùng với người được giám hộ' });
    }
  }
  if (guardians.length === 2 && isSamePerson(record, guardians[0]!.path, guardians[1]!.path)) {
    issues.push({ path: ['nguoiGiamHo', 1, 'hoTen'], message: 'Hai người giám hộ trùng nhau' });
  }
  issues.push(
    ...outOfOrder(
      record,
      ['vanBanCu', 'ngay'],
      ['ngayDangKy'],
      'Ngày đăng ký trước ngày của văn bản cử người giám hộ: kiểm tra lại',
    ),
  );
  return issues;
}

/** The guardians' list block (GH: with residence; CDGH: without), up to two. */
export const guardiansLayout = (residence: boolean): LayoutItem => ({
  kind: 'list',
  path: 'nguoiGiamHo',
  legend: (i) => (i === 0 ? 'Người giám hộ' : 'Người giám hộ thứ hai'),
  min: 1,
  max: 2,
  addLabel: 'Thêm người giám hộ thứ hai (giám hộ chung)',
  blank: residence ? withoutBirthPlace : withoutResidence,
  items: personLayout({ prefix: '$', residence }),
});

/** The ward's block (GH, CDGH): a person with the place of birth. */
export const wardLayout: LayoutItem = {
  kind: 'group',
  legend: 'Người được giám hộ',
  items: personLayout({ prefix: 'nguoiDuocGiamHo', birthPlace: true }),
};

const GH_V1: ColumnSet = {
  bookType: 'GH',
  version: 1,
  since: '2026-11-21',
  sheetName: SHEET_NAME,
  codeSheetName: CODE_SHEET_NAME,
  columns: [
    ...registrationColumns(col('loaiDangKy', 'loaiGiamHo', 'Loại đăng ký giám hộ', 'code', { codeList: 'loaiGiamHo' })),
    ...personColumns('ngh1', 'nguoiGiamHo.0', 'người giám hộ thứ nhất'),
    ...personColumns('ngh2', 'nguoiGiamHo.1', 'người giám hộ thứ hai'),
    ...personColumns('ndgh', 'nguoiDuocGiamHo', 'người được giám hộ', { birthPlace: true }),
    ...registrantColumns('nguoiDiDangKy', 'người đi đăng ký', false),
    col('soVanBanCu', 'vanBanCu.so', 'Số văn bản cử người giám hộ'),
    col('ngayVanBanCu', 'vanBanCu.ngay', 'Ngày văn bản cử người giám hộ', 'date'),
    col('coQuanVanBanCu', 'vanBanCu.coQuan', 'Cơ quan ra văn bản cử người giám hộ'),
    col('canCu', 'canCu', 'Căn cứ'),
    col('lyDo', 'lyDo', 'Lý do'),
  ],
  notExported: COMMON_NOT_EXPORTED,
};

export const GH_BOOK_TYPE = defineBookType({
  code: 'GH',
  record: defineRecordType({
    schema: ghRecordSchema,
    warnings: ghWarnings,
    indexed: (r) => indexedRegistration(r, [r.nguoiDuocGiamHo?.hoTen, ...(r.nguoiGiamHo ?? []).map((g) => g?.hoTen)]),
    registrationDateLabel: 'Ngày đăng ký',
  }),
  layout: {
    title: 'Trường hợp đăng ký giám hộ',
    blank: () => ({
      ...blankRegistration(),
      loaiGiamHo: '',
      nguoiGiamHo: [withoutBirthPlace()],
      nguoiDuocGiamHo: blankPerson(),
      nguoiDiDangKy: blankRegistrant(),
      vanBanCu: { so: '', ngay: '', coQuan: '' },
      canCu: '',
      lyDo: '',
    }),
    items: [
      registrationLayout('Ngày, tháng, năm đăng ký'),
      { kind: 'select', path: 'loaiGiamHo', label: 'Loại giám hộ', options: GUARDIANSHIP_KINDS, required: true },
      guardiansLayout(true),
      wardLayout,
      registrantLayout('nguoiDiDangKy', 'Người đi đăng ký giám hộ', false),
      {
        kind: 'group',
        legend: 'Giám hộ cử: văn bản cử người giám hộ',
        when: { path: 'loaiGiamHo', equals: 'cu' },
        items: [
          {
            kind: 'row',
            fields: [
              text('vanBanCu.so', 'Số văn bản'),
              date('vanBanCu.ngay', 'Ngày văn bản'),
              text('vanBanCu.coQuan', 'Cơ quan cử'),
            ],
          },
          { kind: 'row', fields: [text('canCu', 'Căn cứ', { size: 'wide' }), text('lyDo', 'Lý do', { size: 'wide' })] },
        ],
      },
      signatureLayout,
    ],
  },
  columnSets: [GH_V1],
  people: ['nguoiDuocGiamHo', 'nguoiGiamHo'],
  critical: ['nguoiDuocGiamHo.hoTen', 'nguoiDuocGiamHo.ngaySinh'],
});
