/** Field kinds every entry form shares (ho-tich.md §3), as zod schemas with Vietnamese messages. */
import { z } from '../zod';
import { isValidIsoPartialDate } from '../dates/partial-date';

/** Optional free text: an empty string means "not written in the book". */
export const optionalText = z.string().trim().max(1000, 'Tối đa 1000 ký tự').optional();

export const requiredText = (message: string) => z.string().trim().min(1, message).max(1000, 'Tối đa 1000 ký tự');

/** An ISO partial date ("2018-03-05", "2018-03", "2018"); the form converts what is typed. */
export const partialDate = z
  .string()
  .trim()
  .refine(isValidIsoPartialDate, 'Ngày không hợp lệ: nhập dd/mm/yyyy, mm/yyyy hoặc yyyy');

export const optionalPartialDate = z.union([z.literal(''), partialDate]).optional();

/** "Số" of an entry: `n/yyyy` in most books; other shapes are kept as written and warned about. */
export const SO_PATTERN = /^(\d+)\/(\d{4})?$/;

/** Registration fields printed on every typed-in book. */
export const registrationFields = {
  so: requiredText('Bắt buộc nhập số'),
  quyenSo: optionalText,
  trangSo: z
    .number({ error: 'Trang số phải là một số' })
    .int('Trang số phải là số nguyên')
    .min(1, 'Trang số phải từ 1 trở lên'),
  ngayDangKy: optionalPartialDate,
  /** The book gives no registration date: say so explicitly instead of inventing one. */
  ngayDangKyKhongRo: z.boolean().optional(),
  nguoiKy: optionalText,
  chucVuNguoiKy: optionalText,
  nguoiThucHien: optionalText,
  ghiChu: optionalText,
};

/** A person block, reduced to what the current forms ask for. */
export const personBlock = z.object({
  hoTen: requiredText('Bắt buộc nhập họ, chữ đệm, tên'),
  ngaySinh: optionalPartialDate,
});
export type PersonBlock = z.infer<typeof personBlock>;
