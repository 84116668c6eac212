/** CDGH — Sổ đăng ký chấm dứt giám hộ (termination of guardianship, ho-tich.md §4). */
import { z } from '../zod';
import { formatForDisplay } from '../dates/partial-date';
import {
  TERMINATION_KINDS,
  TERMINATION_KIND_CODES,
  TERMINATION_REASONS,
  TERMINATION_REASON_CODES,
  TERMINATION_REASON_OF_AGE,
  TERMINATION_REASON_OTHER,
} from '../catalogs/pick-lists';
import {
  blankPerson,
  optionalCode,
  optionalPartialDate,
  optionalText,
  personWithBirthPlace,
  personWithoutResidence,
  registrantBlock,
  registrationFields,
} from '../records/fields';
import { textAt } from '../records/marks';
import {
  ageAt,
  commonErrors,
  commonWarnings,
  formatAge,
  futureDateErrors,
  isSamePerson,
  missingUnlessMarked,
  outOfOrder,
  peopleInList,
  reportIssues,
  requiredChoiceMessage,
  requiredMessage,
  type RuleIssue,
  type WarningContext,
} from '../records/rules';
import {
  blankRegistrant,
  blankRegistration,
  date,
  registrantLayout,
  registrationLayout,
  signatureLayout,
  text,
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
import { guardiansLayout, ghPeople, wardLayout } from './gh';

/** The guardianship being ended: picked from the database (entryId) or typed from the book. */
export const guardianshipLink = z.object({
  /** Id of the GH entry in the database, when it has been entered (its people are copied). */
  entryId: z.union([z.literal(''), z.uuid('Mã trường hợp giám hộ không hợp lệ')]).optional(),
  so: optionalText,
  ngay: optionalPartialDate,
  noiDangKy: optionalText,
});

export const cdghRecordSchema = z
  .object({
    ...registrationFields,
    /** Chấm dứt giám hộ cử · Chấm dứt giám hộ đương nhiên (optional). */
    loaiChamDut: optionalCode(TERMINATION_KIND_CODES, 'Chọn loại chấm dứt giám hộ trong danh sách'),
    /** Person block without residence; up to two, as in the GH book. */
    nguoiGiamHo: z
      .array(personWithoutResidence, { error: 'Cần ít nhất một người giám hộ' })
      .min(1, 'Cần ít nhất một người giám hộ')
      .max(2, 'Tối đa hai người giám hộ'),
    nguoiDuocGiamHo: personWithBirthPlace,
    /** "Đăng ký giám hộ số … ngày … tại …": số and ngày required unless marked or linked. */
    dangKyGiamHo: guardianshipLink,
    /** Required unless marked. */
    ngayChamDut: optionalPartialDate,
    /** Code of the reason (pick list); "khac" asks for lyDoKhac. Required unless marked. */
    lyDoChamDut: optionalCode(TERMINATION_REASON_CODES, 'Chọn lý do chấm dứt trong danh sách'),
    lyDoKhac: optionalText,
    nguoiDiDangKy: registrantBlock.optional(),
  })
  .superRefine((record, ctx) => reportIssues(ctx, cdghErrors(record)), { when: () => true });

export type CdghRecord = z.infer<typeof cdghRecordSchema>;

/** The same people as the guardianship being ended. */
const cdghPeople = ghPeople;

/** Hard errors of a CDGH entry (run inside the schema; `record` may be malformed). */
export function cdghErrors(record: unknown, now = new Date()): RuleIssue[] {
  const people = cdghPeople(record);
  const linked = Boolean(textAt(record, ['dangKyGiamHo', 'entryId']));
  const ghDate = textAt(record, ['dangKyGiamHo', 'ngay']);
  const shownGhDate = ghDate ? ` (${formatForDisplay(ghDate)})` : '';
  return [
    ...commonErrors(record, people, 'ngày đăng ký', now),
    ...missingUnlessMarked(
      record,
      people.filter((p) => p.full).map((p) => [...p.path, 'hoTen']),
      requiredMessage('họ, chữ đệm, tên'),
    ),
    // Required when known: a linked GH entry identifies the registration by itself.
    ...(linked
      ? []
      : [
          ...missingUnlessMarked(record, [['dangKyGiamHo', 'so']], requiredMessage('số đăng ký giám hộ')),
          ...missingUnlessMarked(record, [['dangKyGiamHo', 'ngay']], requiredMessage('ngày đăng ký giám hộ')),
        ]),
    ...missingUnlessMarked(record, [['ngayChamDut']], requiredMessage('ngày chấm dứt giám hộ')),
    ...missingUnlessMarked(record, [['lyDoChamDut']], requiredChoiceMessage('lý do chấm dứt giám hộ')),
    ...(textAt(record, ['lyDoChamDut']) === TERMINATION_REASON_OTHER
      ? missingUnlessMarked(record, [['lyDoKhac']], requiredMessage('lý do chấm dứt'))
      : []),
    ...futureDateErrors(record, [['ngayChamDut'], ['dangKyGiamHo', 'ngay']], now),
    ...outOfOrder(
      record,
      ['dangKyGiamHo', 'ngay'],
      ['ngayChamDut'],
      `Ngày chấm dứt giám hộ không thể trước ngày đăng ký giám hộ${shownGhDate}`,
    ),
    ...outOfOrder(
      record,
      ['dangKyGiamHo', 'ngay'],
      ['ngayDangKy'],
      `Ngày đăng ký chấm dứt không thể trước ngày đăng ký giám hộ${shownGhDate}`,
    ),
  ];
}

/** Warnings of a CDGH entry. */
export function cdghWarnings(record: CdghRecord, context: WarningContext = {}): RuleIssue[] {
  const issues = commonWarnings(record, cdghPeople(record), context);
  // The termination is an event (the ward comes of age, dies, is adopted, the parents regain
  // their capacity) that is registered afterwards, so ngayChamDut ≤ ngayDangKy is the normal
  // case and there is no "≥" rule. A later termination date is unusual but not impossible (a
  // registration may record a termination taking effect on a stated later day, and old books
  // note terminations loosely in margins): a warning, not an error.
  issues.push(
    ...outOfOrder(
      record,
      ['ngayChamDut'],
      ['ngayDangKy'],
      'Ngày đăng ký chấm dứt trước ngày chấm dứt giám hộ: kiểm tra lại',
    ),
  );
  const ward = ['nguoiDuocGiamHo'];
  const wardAge = ageAt(record, ward, ['ngayChamDut']);
  if (textAt(record, ['lyDoChamDut']) === TERMINATION_REASON_OF_AGE && wardAge && wardAge.max < 18) {
    issues.push({
      path: ['lyDoChamDut'],
      message: `Người được giám hộ mới ${formatAge(wardAge)} vào ngày chấm dứt, chưa đủ 18 tuổi: kiểm tra lại lý do`,
    });
  }
  for (const guardian of peopleInList(record, 'nguoiGiamHo')) {
    if (isSamePerson(record, guardian.path, ward)) {
      issues.push({ path: [...guardian.path, 'hoTen'], message: 'Người giám hộ trùng với người được giám hộ' });
    }
  }
  return issues;
}

const CDGH_V1: ColumnSet = {
  bookType: 'CDGH',
  version: 1,
  since: '2026-11-21',
  sheetName: SHEET_NAME,
  codeSheetName: CODE_SHEET_NAME,
  columns: [
    ...registrationColumns(
      col('loaiDangKy', 'loaiChamDut', 'Loại chấm dứt giám hộ', 'code', { codeList: 'loaiChamDutGiamHo' }),
    ),
    col('soDangKyGiamHo', 'dangKyGiamHo.so', 'Số đăng ký giám hộ'),
    col('ngayDangKyGiamHo', 'dangKyGiamHo.ngay', 'Ngày đăng ký giám hộ', 'date'),
    col('noiDangKyGiamHo', 'dangKyGiamHo.noiDangKy', 'Nơi đăng ký giám hộ'),
    col('ngayChamDut', 'ngayChamDut', 'Ngày chấm dứt giám hộ', 'date'),
    col('lyDoChamDut', 'lyDoChamDut', 'Lý do chấm dứt giám hộ', 'code', { codeList: 'lyDoChamDutGiamHo' }),
    col('lyDoChamDutKhac', 'lyDoKhac', 'Lý do chấm dứt khác'),
    ...personColumns('ngh1', 'nguoiGiamHo.0', 'người giám hộ thứ nhất', { residence: false }),
    ...personColumns('ngh2', 'nguoiGiamHo.1', 'người giám hộ thứ hai', { residence: false }),
    ...personColumns('ndgh', 'nguoiDuocGiamHo', 'người được giám hộ', { birthPlace: true }),
    ...registrantColumns('nguoiDiDangKy', 'người đi đăng ký chấm dứt', false),
  ],
  notExported: [
    ...COMMON_NOT_EXPORTED,
    {
      path: 'dangKyGiamHo.entryId',
      reason: 'Mã trường hợp giám hộ trong ứng dụng: liên kết nội bộ; số, ngày, nơi đăng ký giám hộ có cột riêng',
    },
  ],
};

/** A linked GH entry identifies the guardianship by itself: its number and date are then not asked. */
const linked = { path: 'dangKyGiamHo.entryId', filled: true } as const;

export const CDGH_BOOK_TYPE = defineBookType({
  code: 'CDGH',
  record: defineRecordType({
    schema: cdghRecordSchema,
    warnings: cdghWarnings,
    indexed: (r) => indexedRegistration(r, [r.nguoiDuocGiamHo?.hoTen, ...(r.nguoiGiamHo ?? []).map((g) => g?.hoTen)]),
    registrationDateLabel: 'Ngày đăng ký',
  }),
  layout: {
    title: 'Trường hợp đăng ký chấm dứt giám hộ',
    blank: () => ({
      ...blankRegistration(),
      loaiChamDut: '',
      dangKyGiamHo: { entryId: '', so: '', ngay: '', noiDangKy: '' },
      nguoiGiamHo: [withoutResidence()],
      nguoiDuocGiamHo: blankPerson(),
      ngayChamDut: '',
      lyDoChamDut: '',
      lyDoKhac: '',
      nguoiDiDangKy: blankRegistrant(),
    }),
    items: [
      registrationLayout('Ngày, tháng, năm đăng ký'),
      {
        kind: 'group',
        legend: 'Việc giám hộ được chấm dứt',
        items: [
          { kind: 'custom', render: 'gh-link' },
          {
            kind: 'row',
            fields: [
              text('dangKyGiamHo.so', 'Đăng ký giám hộ số', { required: true, requiredUnless: linked }),
              date('dangKyGiamHo.ngay', 'Ngày đăng ký giám hộ', { required: true, requiredUnless: linked }),
              text('dangKyGiamHo.noiDangKy', 'Tại (nơi đăng ký)', { size: 'wide' }),
            ],
          },
        ],
      },
      guardiansLayout(false),
      wardLayout,
      {
        kind: 'group',
        legend: 'Chấm dứt giám hộ',
        items: [
          {
            kind: 'row',
            fields: [
              date('ngayChamDut', 'Ngày chấm dứt', { required: true }),
              { kind: 'select', path: 'loaiChamDut', label: 'Loại chấm dứt', options: TERMINATION_KINDS },
            ],
          },
          {
            kind: 'select',
            path: 'lyDoChamDut',
            label: 'Lý do chấm dứt',
            options: TERMINATION_REASONS,
            required: true,
            size: 'wide',
          },
          text('lyDoKhac', 'Lý do khác (ghi rõ)', {
            size: 'wide',
            requiredWhen: { path: 'lyDoChamDut', equals: TERMINATION_REASON_OTHER },
          }),
        ],
      },
      registrantLayout('nguoiDiDangKy', 'Người đi đăng ký chấm dứt giám hộ', false),
      signatureLayout,
    ],
  },
  columnSets: [CDGH_V1],
  people: ['nguoiDuocGiamHo', 'nguoiGiamHo'],
  critical: ['nguoiDuocGiamHo.hoTen', 'nguoiDuocGiamHo.ngaySinh'],
});
