/** GH — Sổ đăng ký giám hộ (guardianship, ho-tich.md §4). One schema for the form and every backend write. */
import { z } from '../zod';
import { GUARDIANSHIP_KIND_CODES } from '../catalogs/pick-lists';
import {
  optionalCode,
  optionalPartialDate,
  optionalText,
  personBlock,
  personWithBirthPlace,
  registrantBlock,
  registrationFields,
} from './fields';
import { textAt } from './marks';
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
} from './rules';

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
