/** GH — Sổ đăng ký giám hộ (guardianship). One schema for the form and every backend write. */
import { z } from '../zod';
import { GUARDIANSHIP_KIND_CODES } from '../catalogs/people';
import { personBlock, registrationFields } from './fields';
import { registrationDateErrors } from './rules';

export const ghRecordSchema = z
  .object({
    ...registrationFields,
    loaiGiamHo: z.enum(GUARDIANSHIP_KIND_CODES, { error: 'Chọn loại giám hộ' }),
    /** Up to two guardians: both parents or both grandparents may be appointed jointly. */
    nguoiGiamHo: z.array(personBlock).min(1, 'Cần ít nhất một người giám hộ').max(2, 'Tối đa hai người giám hộ'),
    nguoiDuocGiamHo: personBlock,
  })
  .superRefine(
    (record, ctx) => {
      // Also runs while other fields are still invalid (see `when`), so read defensively.
      const guardians = Array.isArray(record.nguoiGiamHo) ? record.nguoiGiamHo : [];
      const people: { path: (string | number)[]; ngaySinh?: string }[] = [
        ...guardians.map((p, i) => ({ path: ['nguoiGiamHo', i], ngaySinh: p?.ngaySinh })),
        { path: ['nguoiDuocGiamHo'], ngaySinh: record.nguoiDuocGiamHo?.ngaySinh },
      ];
      for (const issue of registrationDateErrors(record, people)) ctx.addIssue({ code: 'custom', ...issue });
    },
    // Date rules are shown together with the other missing fields, not only once those are fixed.
    { when: () => true },
  );

export type GhRecord = z.infer<typeof ghRecordSchema>;
