/** CDGH — Sổ đăng ký chấm dứt giám hộ (termination of guardianship, ho-tich.md §4). */
import { z } from '../zod';
import { formatForDisplay } from '../dates/partial-date';
import {
  TERMINATION_KIND_CODES,
  TERMINATION_REASON_CODES,
  TERMINATION_REASON_OF_AGE,
  TERMINATION_REASON_OTHER,
} from '../catalogs/pick-lists';
import {
  optionalCode,
  optionalPartialDate,
  optionalText,
  personWithBirthPlace,
  personWithoutResidence,
  registrantBlock,
  registrationFields,
} from './fields';
import { ghPeople } from './gh';
import { textAt } from './marks';
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
} from './rules';

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
