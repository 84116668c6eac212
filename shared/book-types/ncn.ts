/**
 * NCN — Sổ đăng ký nuôi con nuôi (adoption; TT 15/2015 and TT 04/2020 book forms, ho-tich.md §2,
 * §3, §6, §7): its one description. The book prints, per entry, the registration (số, ngày), the
 * adoptive father and mother, the adopted child, and who gave the child (the birth parents, a
 * guardian or the institution caring for the child); an adoption first registered abroad is
 * recorded with the foreign registration.
 *
 * Rules (Luật Nuôi con nuôi 2010), as warnings because the book is the truth: the child under 16 at
 * registration, or under 18 when adopted by a step-parent or a relative (Điều 8); each adoptive
 * parent an adult (Điều 14 khoản 1 a) and at least 20 years older than the child unless a
 * step-parent or relative (Điều 14 khoản 1 b, khoản 3); the child is not one of the adoptive
 * parents. The ages at registration are checked only for a new registration, or for an adoption
 * recorded from abroad at its foreign date: a re-registration (đăng ký lại) or a de-facto adoption
 * (nuôi con nuôi thực tế, Điều 50) registers an adoption that happened years before.
 *
 * Excel column set (no public Ministry template exists for this book; the name "nguoiNhanConNuoi"
 * and similar were searched for in public code without result). Designed in the naming style of
 * the KS/KT/KH templates (ho-tich.md §7): the registration columns first (STT, so, quyenSo, trangSo,
 * ngayDangKy, loaiDangKy, noiDangKy, nguoiKy, chucVuNguoiKy, nguoiThucHien, ghiChu), then one
 * prefix per person followed by the template's field names (SoDinhDanhCaNhan first, as in the KS
 * template's parents, then HoTen, GioiTinh, NgaySinh, DanToc, QuocTich, QuocTichKhac, LoaiCuTru,
 * NoiCuTru, LoaiGiayToTuyThan, GiayToKhac, SoGiayToTuyThan, NgayCapGiayToTuyThan,
 * NoiCapGiayToTuyThan):
 *
 *   chaNuoi, meNuoi  cha nuôi, mẹ nuôi (as the KS template's "cha", "me")
 *   cn               con nuôi, with NoiSinh (the subject of the entry, short like "nks", "nkt")
 *   quanHeNhanNuoi   who the adopter is to the child (code: step-parent, relative, other)
 *   chaDe, meDe      the birth parents
 *   loaiNguoiGiao    who gave the child (code: birth parents, guardian, institution)
 *   ngh              the guardian who gave the child (as GH's ngh1): HoTen, QuanHe, paper
 *   csnd             cơ sở nuôi dưỡng: Ten, DiaChi, NguoiDaiDien, ChucVuNguoiDaiDien
 *   lyDo             the reason, as written
 *   nyc              người yêu cầu (as in the KS and KT templates)
 *   soDangKyNuocNgoai, ngayDangKyNuocNgoai, cqNuocNgoaiDaDangKy, qgNuocNgoaiDaDangKy  last, as in
 *                    the KS, KT and KH templates
 *
 * The vendor schema of an older civil-status program (a public Laravel "ConNuoi" table: hotenchanuoi,
 * hotenmenuoi, hotenconnuoi, hotenchagiao, hotenmegiao, quanhenguoigiao, tencsnuoiduong,
 * nguoidaidiencsnd, chucvundd, lydo …) confirms the blocks the book holds.
 */
import { z } from '../zod';
import type { CodeList } from '../export/code-lists';
import {
  blankBtpPerson,
  btpPerson,
  btpRequester,
  foreignRegistration,
  optionalCode,
  optionalText,
  registrationFields,
} from '../records/fields';
import { textAt } from '../records/marks';
import {
  ageAt,
  commonErrors,
  commonWarnings,
  dateAt,
  formatAge,
  futureDateErrors,
  isSamePerson,
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
import { ageRange } from '../dates/partial-date';
import {
  blankBtpRequester,
  blankForeignRegistration,
  blankRegistration,
  btpPersonLayout,
  btpRequesterLayout,
  foreignRegistrationLayout,
  registrationLayout,
  signatureLayout,
  text,
} from './blocks';
import {
  BTP_PERSON_DEFAULT,
  COMMON_NOT_EXPORTED,
  CODE_SHEET_NAME,
  SHEET_NAME,
  btpPersonColumns,
  btpRequesterColumns,
  col,
  foreignRegistrationColumns,
  registrationColumns,
  type BtpPersonField,
  type ColumnSet,
} from './columns';
import { defineBookType, defineRecordType, indexedRegistration } from './define';
import type { FieldSpec, LayoutItem, Option } from './layout';

/** A pick list of this book: what an entry stores, its Excel code, its name. */
interface Choice {
  value: string;
  code: string;
  name: string;
}

const options = (choices: readonly Choice[]): Option[] => choices.map((c) => ({ code: c.value, name: c.name }));
const values = (choices: readonly Choice[]) => choices.map((c) => c.value) as [string, ...string[]];

/** Loại đăng ký: codes 1–3 and 6 as the KS template's loaiDangKy, 4 this book's own. */
const REGISTRATION_KINDS: readonly Choice[] = [
  { value: 'dang-ky', code: '1', name: 'Đăng ký nuôi con nuôi' },
  { value: 'dang-ky-lai', code: '2', name: 'Đăng ký lại việc nuôi con nuôi' },
  {
    value: 'ghi-vao-so',
    code: '3',
    name: 'Ghi vào sổ việc nuôi con nuôi đã đăng ký ở cơ quan có thẩm quyền nước ngoài',
  },
  { value: 'thuc-te', code: '4', name: 'Đăng ký việc nuôi con nuôi thực tế' },
  { value: 'khong-xac-dinh', code: '6', name: 'Không xác định' },
];
export const NCN_FOREIGN = 'ghi-vao-so';

/** Who the adopter is to the child (Luật Nuôi con nuôi 2010, Điều 8 khoản 2, Điều 14 khoản 3). */
const ADOPTER_RELATIONS: readonly Choice[] = [
  { value: 'cha-duong-me-ke', code: '1', name: 'Cha dượng, mẹ kế nhận con riêng của vợ, chồng' },
  { value: 'ho-hang', code: '2', name: 'Cô, cậu, dì, chú, bác ruột nhận cháu' },
  { value: 'khac', code: '3', name: 'Người khác' },
];
/** The relations that allow a child of 16 or 17 and a smaller age gap. */
const CLOSE_RELATIONS = new Set(['cha-duong-me-ke', 'ho-hang']);

/** Who gave the child to be adopted. */
const GIVERS: readonly Choice[] = [
  { value: 'cha-me-de', code: '1', name: 'Cha, mẹ đẻ' },
  { value: 'nguoi-giam-ho', code: '2', name: 'Người giám hộ' },
  { value: 'co-so-nuoi-duong', code: '3', name: 'Cơ sở nuôi dưỡng' },
];

const codeList = (id: string, title: string, choices: readonly Choice[]): CodeList => ({
  id,
  title,
  entries: choices.map(({ value, code, name }) => ({ value, code, name })),
});
const REGISTRATION_KIND_LIST = codeList('loaiDangKyNuoiConNuoi', 'Loại đăng ký nuôi con nuôi', REGISTRATION_KINDS);
const ADOPTER_RELATION_LIST = codeList('quanHeNhanNuoi', 'Người nhận nuôi là', ADOPTER_RELATIONS);
const GIVER_LIST = codeList('loaiNguoiGiao', 'Bên giao con nuôi', GIVERS);

/** Cơ sở nuôi dưỡng: the institution that gave the child, and who represented it. */
export const careInstitution = z.object({
  tenCoSo: optionalText,
  diaChi: optionalText,
  nguoiDaiDien: optionalText,
  chucVuNguoiDaiDien: optionalText,
});

export const ncnRecordSchema = z
  .object({
    ...registrationFields,
    /** Required unless marked. */
    loaiDangKy: optionalCode(values(REGISTRATION_KINDS), 'Chọn loại đăng ký trong danh sách'),
    /** At least one adoptive parent's name (a single person may adopt). */
    chaNuoi: btpPerson.optional(),
    meNuoi: btpPerson.optional(),
    /** The child: name and birth date required unless marked. */
    conNuoi: btpPerson.extend({ noiSinh: optionalText }),
    quanHeNhanNuoi: optionalCode(values(ADOPTER_RELATIONS), 'Chọn người nhận nuôi là ai trong danh sách'),
    chaDe: btpPerson.optional(),
    meDe: btpPerson.optional(),
    loaiNguoiGiao: optionalCode(values(GIVERS), 'Chọn bên giao con nuôi trong danh sách'),
    nguoiGiamHo: btpRequester.optional(),
    coSoNuoiDuong: careInstitution.optional(),
    lyDo: optionalText,
    nguoiYeuCau: btpRequester.optional(),
    dangKyNuocNgoai: foreignRegistration.optional(),
  })
  .superRefine((record, ctx) => reportIssues(ctx, ncnErrors(record)), {
    // Shown together with the other missing fields, not only once those are fixed.
    when: () => true,
  });

export type NcnRecord = z.infer<typeof ncnRecordSchema>;

const ADOPTERS = [['chaNuoi'], ['meNuoi']] as const;
const CHILD = ['conNuoi'];

export function ncnPeople(): PersonRef[] {
  return [
    { path: ['conNuoi'], full: true },
    { path: ['chaNuoi'], full: true },
    { path: ['meNuoi'], full: true },
    { path: ['chaDe'], full: true },
    { path: ['meDe'], full: true },
    { path: ['nguoiGiamHo'], full: false },
    { path: ['nguoiYeuCau'], full: false },
  ];
}

/** Hard errors of a NCN entry (run inside the schema; `record` may be malformed). */
export function ncnErrors(record: unknown, now = new Date()): RuleIssue[] {
  const issues = [
    ...commonErrors(record, ncnPeople(), 'ngày đăng ký', now),
    ...missingUnlessMarked(record, [['loaiDangKy']], requiredChoiceMessage('loại đăng ký')),
    ...missingUnlessMarked(record, [['conNuoi', 'hoTen']], requiredMessage('họ, chữ đệm, tên của con nuôi')),
    ...missingUnlessMarked(record, [['conNuoi', 'ngaySinh']], requiredMessage('ngày, tháng, năm sinh của con nuôi')),
    ...futureDateErrors(record, [['dangKyNuocNgoai', 'ngay']], now),
    ...outOfOrder(
      record,
      ['dangKyNuocNgoai', 'ngay'],
      ['ngayDangKy'],
      'Ngày đăng ký ở nước ngoài không thể sau ngày ghi vào sổ',
      ['dangKyNuocNgoai', 'ngay'],
    ),
    ...outOfOrder(
      record,
      ['conNuoi', 'ngaySinh'],
      ['dangKyNuocNgoai', 'ngay'],
      'Ngày đăng ký ở nước ngoài không thể trước ngày sinh của con nuôi',
    ),
  ];
  issues.push(...otherPaperErrors(record, ncnPeople()));
  // A single person may adopt: the father's name is required only while the mother's is empty.
  if (!textAt(record, ['meNuoi', 'hoTen'])) {
    issues.push(
      ...missingUnlessMarked(
        record,
        [['chaNuoi', 'hoTen']],
        requiredMessage('họ, chữ đệm, tên của cha nuôi hoặc mẹ nuôi'),
      ),
    );
  }
  return issues;
}

/**
 * The date the adoption took effect, at which the ages are checked: the registration date of a new
 * registration (or of an entry whose kind is not given), the foreign date of one recorded from
 * abroad; none for a re-registration or a de-facto adoption (it happened before, on a date the
 * book may not give).
 */
function adoptionDatePath(record: unknown): string[] | undefined {
  const kind = textAt(record, ['loaiDangKy']);
  if (kind === 'dang-ky' || kind === '' || kind === 'khong-xac-dinh') return ['ngayDangKy'];
  if (kind === NCN_FOREIGN) return ['dangKyNuocNgoai', 'ngay'];
  return undefined;
}

/** Warnings of a NCN entry: shared ones and the conditions of Luật Nuôi con nuôi 2010. */
export function ncnWarnings(record: NcnRecord, context: WarningContext = {}): RuleIssue[] {
  const issues = commonWarnings(record, ncnPeople(), context);
  const close = CLOSE_RELATIONS.has(textAt(record, ['quanHeNhanNuoi']));
  const at = adoptionDatePath(record);
  const childAge = at ? ageAt(record, CHILD, at) : undefined;
  if (childAge && childAge.min >= (close ? 18 : 16)) {
    issues.push({
      path: [...CHILD, 'ngaySinh'],
      message: close
        ? `Con nuôi đã ${formatAge(childAge)} khi đăng ký (cha dượng, mẹ kế, cô, cậu, dì, chú, bác ruột chỉ nhận nuôi người dưới 18 tuổi): kiểm tra lại`
        : `Con nuôi đã ${formatAge(childAge)} khi đăng ký (con nuôi phải dưới 16 tuổi, dưới 18 tuổi nếu được cha dượng, mẹ kế, cô, cậu, dì, chú, bác ruột nhận nuôi): kiểm tra lại`,
    });
  }
  const childBorn = dateAt(record, [...CHILD, 'ngaySinh']);
  for (const adopter of ADOPTERS) {
    const who = adopter[0] === 'chaNuoi' ? 'Cha nuôi' : 'Mẹ nuôi';
    const age = at ? ageAt(record, adopter, at) : undefined;
    if (age && age.max < 18) {
      issues.push({
        path: [...adopter, 'ngaySinh'],
        message: `${who} mới ${formatAge(age)} khi đăng ký (người nhận nuôi con nuôi phải đủ 18 tuổi)`,
      });
    }
    const born = dateAt(record, [...adopter, 'ngaySinh']);
    if (!close && born && childBorn) {
      const gap = ageRange(born, childBorn);
      if (gap.max < 20) {
        issues.push({
          path: [...adopter, 'ngaySinh'],
          message: `${who} chỉ hơn con nuôi ${gap.min === gap.max ? gap.min : `${gap.min}–${gap.max}`} tuổi (phải hơn từ 20 tuổi trở lên, trừ cha dượng, mẹ kế, cô, cậu, dì, chú, bác ruột): kiểm tra lại`,
        });
      }
    }
    if (isSamePerson(record, adopter, CHILD)) {
      issues.push({ path: [...adopter, 'hoTen'], message: `${who} trùng với con nuôi` });
    }
  }
  return issues;
}

/** The layout of a block whose fields are all optional (a person the book may not give). */
function optionalFields(items: LayoutItem[]): LayoutItem[] {
  return items.map((item): LayoutItem => {
    if (item.kind === 'row') return { ...item, fields: item.fields.map(withoutRequired) };
    if (item.kind === 'group') return { ...item, items: optionalFields(item.items) };
    if (item.kind === 'list' || item.kind === 'custom') return item;
    return withoutRequired(item);
  });
}

function withoutRequired(field: FieldSpec): FieldSpec {
  const { required: _required, requiredUnless: _unless, ...rest } = field;
  return rest;
}

/** A layout field changed by path (the adoptive father's name, required unless the mother's is given). */
function changeField(items: LayoutItem[], path: string, change: Partial<FieldSpec>): LayoutItem[] {
  return items.map((item): LayoutItem => {
    if (item.kind === 'row')
      return { ...item, fields: item.fields.map((f) => (f.path === path ? { ...f, ...change } : f)) };
    if (item.kind === 'group') return { ...item, items: changeField(item.items, path, change) };
    if (item.kind === 'list' || item.kind === 'custom') return item;
    return item.path === path ? { ...item, ...change } : item;
  });
}

/** A block shown only while another field holds a value (the guardian's, when a guardian gave the child). */
function shownWhen(item: LayoutItem, when: { path: string; equals: string }): LayoutItem {
  if (item.kind !== 'group') throw new Error('Only a group of fields can be shown conditionally');
  return { ...item, when };
}

const PERSON_FIELDS: readonly BtpPersonField[] = ['SoDinhDanhCaNhan', ...BTP_PERSON_DEFAULT];
const CHILD_FIELDS: readonly BtpPersonField[] = PERSON_FIELDS.flatMap((f): BtpPersonField[] =>
  f === 'NgaySinh' ? ['NgaySinh', 'NoiSinh'] : [f],
);

const NCN_V1: ColumnSet = {
  bookType: 'NCN',
  version: 1,
  since: '2026-11-30',
  sheetName: SHEET_NAME,
  codeSheetName: CODE_SHEET_NAME,
  columns: [
    ...registrationColumns(
      col('loaiDangKy', 'loaiDangKy', 'Loại đăng ký', 'code', { codeList: REGISTRATION_KIND_LIST }),
    ),
    ...btpPersonColumns('chaNuoi', 'chaNuoi', 'cha nuôi', PERSON_FIELDS),
    ...btpPersonColumns('meNuoi', 'meNuoi', 'mẹ nuôi', PERSON_FIELDS),
    ...btpPersonColumns('cn', 'conNuoi', 'con nuôi', CHILD_FIELDS),
    col('quanHeNhanNuoi', 'quanHeNhanNuoi', 'Người nhận nuôi là', 'code', { codeList: ADOPTER_RELATION_LIST }),
    ...btpPersonColumns('chaDe', 'chaDe', 'cha đẻ', PERSON_FIELDS),
    ...btpPersonColumns('meDe', 'meDe', 'mẹ đẻ', PERSON_FIELDS),
    col('loaiNguoiGiao', 'loaiNguoiGiao', 'Bên giao con nuôi', 'code', { codeList: GIVER_LIST }),
    ...btpPersonColumns('ngh', 'nguoiGiamHo', 'người giám hộ giao con nuôi', [
      'HoTen',
      'QuanHe',
      'LoaiGiayToTuyThan',
      'GiayToKhac',
      'SoGiayToTuyThan',
      'NgayCapGiayToTuyThan',
      'NoiCapGiayToTuyThan',
    ]),
    col('csndTen', 'coSoNuoiDuong.tenCoSo', 'Tên cơ sở nuôi dưỡng'),
    col('csndDiaChi', 'coSoNuoiDuong.diaChi', 'Địa chỉ cơ sở nuôi dưỡng'),
    col('csndNguoiDaiDien', 'coSoNuoiDuong.nguoiDaiDien', 'Người đại diện cơ sở nuôi dưỡng'),
    col('csndChucVuNguoiDaiDien', 'coSoNuoiDuong.chucVuNguoiDaiDien', 'Chức vụ người đại diện cơ sở nuôi dưỡng'),
    col('lyDo', 'lyDo', 'Lý do nhận nuôi'),
    ...btpRequesterColumns('nguoiYeuCau', 'người yêu cầu'),
    ...foreignRegistrationColumns('dangKyNuocNgoai'),
  ],
  notExported: COMMON_NOT_EXPORTED,
};

const blankChild = () => ({ ...blankBtpPerson(), noiSinh: '' });

export const NCN_BOOK_TYPE = defineBookType({
  code: 'NCN',
  record: defineRecordType({
    schema: ncnRecordSchema,
    warnings: ncnWarnings,
    indexed: (r) => indexedRegistration(r, [r.conNuoi?.hoTen, r.chaNuoi?.hoTen, r.meNuoi?.hoTen]),
    registrationDateLabel: 'Ngày đăng ký',
  }),
  layout: {
    title: 'Trường hợp đăng ký nuôi con nuôi',
    blank: () => ({
      ...blankRegistration(),
      loaiDangKy: '',
      chaNuoi: blankBtpPerson(),
      meNuoi: blankBtpPerson(),
      conNuoi: blankChild(),
      quanHeNhanNuoi: '',
      chaDe: blankBtpPerson(),
      meDe: blankBtpPerson(),
      loaiNguoiGiao: '',
      nguoiGiamHo: blankBtpRequester(),
      coSoNuoiDuong: { tenCoSo: '', diaChi: '', nguoiDaiDien: '', chucVuNguoiDaiDien: '' },
      lyDo: '',
      nguoiYeuCau: blankBtpRequester(),
      dangKyNuocNgoai: blankForeignRegistration(),
    }),
    items: [
      registrationLayout('Ngày, tháng, năm đăng ký'),
      {
        kind: 'select',
        path: 'loaiDangKy',
        label: 'Loại đăng ký',
        options: options(REGISTRATION_KINDS),
        required: true,
      },
      {
        kind: 'group',
        legend: 'Cha nuôi',
        items: changeField(btpPersonLayout({ prefix: 'chaNuoi' }), 'chaNuoi.hoTen', {
          requiredUnless: { path: 'meNuoi.hoTen', filled: true },
        }),
      },
      { kind: 'group', legend: 'Mẹ nuôi', items: optionalFields(btpPersonLayout({ prefix: 'meNuoi' })) },
      {
        kind: 'group',
        legend: 'Con nuôi',
        items: btpPersonLayout({ prefix: 'conNuoi', birthPlace: true, birthDateRequired: true }),
      },
      {
        kind: 'select',
        path: 'quanHeNhanNuoi',
        label: 'Người nhận nuôi là',
        options: options(ADOPTER_RELATIONS),
      },
      { kind: 'group', legend: 'Cha đẻ', items: optionalFields(btpPersonLayout({ prefix: 'chaDe' })) },
      { kind: 'group', legend: 'Mẹ đẻ', items: optionalFields(btpPersonLayout({ prefix: 'meDe' })) },
      { kind: 'select', path: 'loaiNguoiGiao', label: 'Bên giao con nuôi', options: options(GIVERS) },
      shownWhen(btpRequesterLayout('nguoiGiamHo', 'Người giám hộ giao con nuôi'), {
        path: 'loaiNguoiGiao',
        equals: 'nguoi-giam-ho',
      }),
      {
        kind: 'group',
        legend: 'Cơ sở nuôi dưỡng giao con nuôi',
        when: { path: 'loaiNguoiGiao', equals: 'co-so-nuoi-duong' },
        items: [
          {
            kind: 'row',
            fields: [
              text('coSoNuoiDuong.tenCoSo', 'Tên cơ sở nuôi dưỡng', { size: 'wide' }),
              text('coSoNuoiDuong.diaChi', 'Địa chỉ', { size: 'wide' }),
            ],
          },
          {
            kind: 'row',
            fields: [
              text('coSoNuoiDuong.nguoiDaiDien', 'Người đại diện'),
              text('coSoNuoiDuong.chucVuNguoiDaiDien', 'Chức vụ người đại diện'),
            ],
          },
        ],
      },
      text('lyDo', 'Lý do nhận nuôi', { size: 'wide' }),
      foreignRegistrationLayout('dangKyNuocNgoai', { path: 'loaiDangKy', equals: NCN_FOREIGN }),
      btpRequesterLayout('nguoiYeuCau', 'Người yêu cầu'),
      signatureLayout,
    ],
  },
  columnSets: [NCN_V1],
  people: ['conNuoi', 'chaNuoi', 'meNuoi', 'chaDe', 'meDe'],
  fieldLabels: {
    loaiDangKy: 'Loại đăng ký',
    chaNuoi: 'Cha nuôi',
    meNuoi: 'Mẹ nuôi',
    conNuoi: 'Con nuôi',
    quanHeNhanNuoi: 'Người nhận nuôi là',
    chaDe: 'Cha đẻ',
    meDe: 'Mẹ đẻ',
    loaiNguoiGiao: 'Bên giao con nuôi',
    coSoNuoiDuong: 'Cơ sở nuôi dưỡng',
    tenCoSo: 'Tên cơ sở',
    diaChi: 'Địa chỉ',
    nguoiDaiDien: 'Người đại diện',
    chucVuNguoiDaiDien: 'Chức vụ người đại diện',
  },
  critical: ['conNuoi.hoTen', 'conNuoi.ngaySinh'],
});
