/**
 * Field kinds every entry form shares (ho-tich.md §3), as zod schemas with Vietnamese messages.
 * Required fields are optional here and enforced by `requireUnlessMarked` in each type's
 * superRefine: a field the book does not give, or that cannot be read, may stay empty when the
 * clerk marks it so (see marks.ts).
 */
import { safeText, z } from '../zod';
import { dateProblem, isValidIsoPartialDate } from '../dates/partial-date';
import { isEthnicityName } from '../catalogs/ethnicities';
import { ID_TYPE_CODES, NO_ID_TYPE_CODE } from '../catalogs/id-types';
import { isNationalityName, DEFAULT_NATIONALITY } from '../catalogs/nationalities';
import { GENDER_CODES } from '../catalogs/people';
import { danhDauField } from './marks';

const TEXT_MAX = 1000;

/** Optional free text on one line: an empty string means "not written in the book". */
export const optionalText = safeText(TEXT_MAX).optional();

/** Optional free text that may span lines (ghi chú, nội dung): tab and newlines allowed. */
export const optionalMultilineText = safeText(TEXT_MAX, { multiline: true }).optional();

export const requiredText = (message: string) => safeText(TEXT_MAX).min(1, message);

/** An ISO partial date ("2018-03-05", "2018-03", "2018"); the form converts what is typed. */
export const partialDate = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    if (isValidIsoPartialDate(value)) return;
    ctx.addIssue({
      code: 'custom',
      message: dateProblem(value) ?? 'Ngày không hợp lệ: nhập dd/mm/yyyy, mm/yyyy hoặc yyyy',
    });
  });

export const optionalPartialDate = z.union([z.literal(''), partialDate]).optional();

/** A code from a list, or '' / absent (required ones are enforced in the type's superRefine). */
export const optionalCode = (codes: readonly [string, ...string[]], message: string) =>
  z.union([z.literal(''), z.enum(codes, { error: message })], { error: message }).optional();

/** "Số" of an entry: `n/yyyy` in most books; other shapes are kept as written and warned about. */
export const SO_PATTERN = /^(\d+)\/(\d{4})?$/;

/** Registration fields printed on every typed-in book, plus the annotations of the entry. */
export const registrationFields = {
  /** Required unless marked (an illegible number is flagged, not guessed). */
  so: optionalText,
  quyenSo: optionalText,
  trangSo: z
    .number({ error: 'Trang số phải là một số' })
    .int('Trang số phải là số nguyên')
    .min(1, 'Trang số phải từ 1 trở lên'),
  /** Required unless marked khongDocDuoc / amLich: never a made-up default. */
  ngayDangKy: optionalPartialDate,
  nguoiKy: optionalText,
  chucVuNguoiKy: optionalText,
  nguoiThucHien: optionalText,
  ghiChu: optionalMultilineText,
  /** Annotations keyed by dotted field path (marks.ts). */
  danhDau: danhDauField,
  /** Why a real duplicate of the source book is saved (the backend decides when it is needed). */
  trungSoLyDo: optionalText,
};

export const genderField = optionalCode(GENDER_CODES, 'Giới tính: chọn 1 Nam, 2 Nữ hoặc 3 Không xác định');

/** Canonical ethnicity name, as the picker stores it ("Mông", not "Mèo" or "08"). */
export const ethnicityField = optionalText.refine(
  (v) => !v || isEthnicityName(v),
  'Dân tộc không có trong danh mục: chọn trong danh sách (gõ mã, tên hoặc tên gọi khác, ví dụ 01, Kinh, Mèo)',
);

/** Canonical Vietnamese country name, as the picker stores it ("Hoa Kỳ", not "Mỹ" or "US"). */
export const nationalityField = optionalText.refine(
  (v) => !v || isNationalityName(v),
  'Quốc tịch không có trong danh mục: chọn trong danh sách (gõ tên hoặc mã nước, ví dụ Việt Nam, VN)',
);

/** Identity document: kind (id-types catalog) and number, stored as text (leading zeros). */
export const idDocument = z.object({
  loai: optionalCode([NO_ID_TYPE_CODE, ...ID_TYPE_CODES], 'Chọn loại giấy tờ tùy thân trong danh sách'),
  so: safeText(50, { tooLong: 'Số giấy tờ tối đa 50 ký tự' }).optional(),
  ngayCap: optionalPartialDate,
  noiCap: optionalText,
});
export type IdDocument = z.infer<typeof idDocument>;

const personFields = {
  /** Họ, chữ đệm, tên: required unless marked (checked in the type's superRefine). */
  hoTen: optionalText,
  ngaySinh: optionalPartialDate,
  gioiTinh: genderField,
  danToc: ethnicityField,
  /** The form proposes DEFAULT_NATIONALITY; the schema never invents it. */
  quocTich: nationalityField,
  giayTo: idDocument.optional(),
  /** Số định danh cá nhân: 12 digits (checked in the superRefine, lenient when marked illegible). */
  soDinhDanh: safeText(20, { tooLong: 'Số định danh tối đa 20 ký tự' }).optional(),
};

/** A person block as printed in the books (ho-tich.md §3). */
export const personBlock = z.object({ ...personFields, noiCuTru: optionalText });
export type PersonBlock = z.infer<typeof personBlock>;

/** A person block with the place of birth (the ward in GH/CDGH). */
export const personWithBirthPlace = z.object({ ...personFields, noiSinh: optionalText, noiCuTru: optionalText });
export type PersonWithBirthPlace = z.infer<typeof personWithBirthPlace>;

/** A person block without residence (the guardian in CDGH). */
export const personWithoutResidence = z.object(personFields);
export type PersonWithoutResidence = z.infer<typeof personWithoutResidence>;

/** The person who came to register (GH, CDGH): name and identity document. */
export const registrantBlock = z.object({ hoTen: optionalText, giayTo: idDocument.optional() });
export type RegistrantBlock = z.infer<typeof registrantBlock>;

/** The person who asked for the entry (LH, TD): name, identity document, relationship. */
export const requesterBlock = z.object({ ...registrantBlock.shape, quanHe: optionalText });
export type RequesterBlock = z.infer<typeof requesterBlock>;

/** A reference to another civil-status registration or document: số, ngày, nơi đăng ký. */
export const registrationRef = z.object({ so: optionalText, ngay: optionalPartialDate, noiDangKy: optionalText });

/** Empty values for a person block in a new form, with the nationality the form proposes. */
export function blankPerson(): PersonWithBirthPlace {
  return {
    hoTen: '',
    ngaySinh: '',
    gioiTinh: '',
    danToc: '',
    quocTich: DEFAULT_NATIONALITY,
    giayTo: { loai: '', so: '', ngayCap: '', noiCap: '' },
    soDinhDanh: '',
    noiSinh: '',
    noiCuTru: '',
  };
}

/*
 * The Ministry's person block (the BTP import templates of the six Excel books, ho-tich.md §7):
 * the book's person plus what those templates ask besides — loại cư trú, a second nationality,
 * and the name of the identity paper when its kind is "Giấy tờ khác".
 */

/** Loại cư trú: 1 Thường trú · 2 Tạm trú · 0 Không có thông tin (catalogs/people RESIDENCE_TYPES). */
export const residenceTypeField = optionalCode(['1', '2', '0'], 'Loại cư trú: chọn 1 Thường trú, 2 Tạm trú hoặc 0');

/** An identity paper with the name of an "other" paper (GiayToKhac). */
export const btpIdDocument = idDocument.extend({ khac: optionalText });

/** A person as the BTP templates take them; every field optional, required ones enforced by each type. */
export const btpPerson = z.object({
  ...personFields,
  giayTo: btpIdDocument.optional(),
  quocTichKhac: nationalityField,
  loaiCuTru: residenceTypeField,
  noiCuTru: optionalText,
});
export type BtpPerson = z.infer<typeof btpPerson>;

/** The person who asked for the entry in a BTP template (nyc…): name, relationship, paper. */
export const btpRequester = z.object({ hoTen: optionalText, quanHe: optionalText, giayTo: btpIdDocument.optional() });
export type BtpRequester = z.infer<typeof btpRequester>;

/**
 * An event first registered abroad and then recorded here (ghi vào sổ): the foreign number, date,
 * authority and country (soDangKyNuocNgoai, ngayDangKyNuocNgoai, cqNuocNgoaiDaDangKy,
 * qgNuocNgoaiDaDangKy in the KS, KT and KH templates).
 */
export const foreignRegistration = z.object({
  so: optionalText,
  ngay: optionalPartialDate,
  coQuan: optionalText,
  quocGia: nationalityField,
});

/** Empty values of a BTP person in a new form, with the nationality the form proposes. */
export function blankBtpPerson(): BtpPerson {
  return {
    hoTen: '',
    ngaySinh: '',
    gioiTinh: '',
    danToc: '',
    quocTich: DEFAULT_NATIONALITY,
    quocTichKhac: '',
    giayTo: { loai: '', so: '', ngayCap: '', noiCap: '', khac: '' },
    soDinhDanh: '',
    loaiCuTru: '',
    noiCuTru: '',
  };
}
