/**
 * CMC — Sổ đăng ký nhận cha, mẹ, con (acknowledgement of parentage; TT 15/2015, TT 04/2020 book
 * forms; ho-tich.md §2, §6, §7): its one description.
 *
 * The Ministry's import template names the two people by their role, not by who asks: `cm…` is
 * the father or mother, `nc…` the child. The kind (loaiXacNhan) says which parent it is and who
 * acknowledges whom: a father or mother acknowledging a child ("nhận con"), or a child
 * acknowledging a father or mother ("nhận cha", "nhận mẹ"). The data keep the template's roles
 * (`chaMe`, `con`) so that the kind never moves a person from one block to the other.
 *
 * Column names (50 after STT) are those of the CMC import file as a vendor's exporter writes them
 * (public GitHub code: a Spring exporter's `writeHeaderLine` case CMC, "// 50 cols", and the
 * same names in vendors' HT_NHANCHAMECON tables): so, quyenSo, trangSo, quyetDinhSo, ngayDangKy,
 * loaiDangKy, loaiXacNhan, noiDangKy, nguoiKy, chucVuNguoiKy, nguoiThucHien, ghiChu, cm{HoTen,
 * NgaySinh, DanToc, QuocTich, QuocTichKhac, QueQuan, LoaiCuTru, NoiCuTru, LoaiGiayToTuyThan,
 * GiayToKhac, SoGiayToTuyThan, NgayCapGiayToTuyThan, NoiCapGiayToTuyThan}, nc{the same 13},
 * nyc{HoTen, QHNguoiDuocNhan, QHNguoiNhan, LoaiGiayToTuyThan, GiayToKhac, SoGiayToTuyThan,
 * NgayCapGiayToTuyThan, NoiCapGiayToTuyThan}, soDangKyNuocNgoai, ngayDangKyNuocNgoai,
 * cqNuocNgoaiDaDangKy, qgNuocNgoaiDaDangKy. The template has no sex and no personal-number
 * column for either person, so the CMC person has neither (the kind gives the parent's sex).
 * The codes of loaiDangKy and loaiXacNhan were not found in public sources: [I], numbered in the
 * style of the KS template's "Ghi chu" sheet; a change is a new column-set version.
 */
import { z } from '../zod';
import {
  blankBtpPerson,
  btpIdDocument,
  btpPerson,
  foreignRegistration,
  optionalCode,
  optionalText,
  registrationFields,
} from '../records/fields';
import { textAt, valueAt } from '../records/marks';
import { foldForSearch } from '../text/normalize';
import {
  ageAt,
  commonErrors,
  commonWarnings,
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
import type { CodeList } from '../export/code-lists';
import {
  blankForeignRegistration,
  blankRegistration,
  btpPersonLayout,
  date,
  foreignRegistrationLayout,
  registrationLayout,
  signatureLayout,
  text,
} from './blocks';
import {
  COMMON_NOT_EXPORTED,
  CODE_SHEET_NAME,
  SHEET_NAME,
  btpPersonColumns,
  col,
  foreignRegistrationColumns,
  registrationColumns,
  type BtpPersonField,
  type ColumnDef,
  type ColumnSet,
  type EntryColumn,
} from './columns';
import { defineBookType, defineRecordType, indexedRegistration } from './define';
import type { LayoutItem, Option } from './layout';

/** Loại đăng ký [I]: as the KS template numbers its own (1 on time, 2 again, 3 recorded from abroad). */
export const CMC_REGISTRATION_KINDS = [
  { code: '1', name: 'Đăng ký nhận cha, mẹ, con' },
  { code: '2', name: 'Đăng ký lại việc nhận cha, mẹ, con' },
  { code: '3', name: 'Ghi vào sổ việc nhận cha, mẹ, con đã đăng ký ở cơ quan có thẩm quyền nước ngoài' },
  { code: '4', name: 'Không xác định' },
] as const satisfies readonly Option[];

/** The kind of registration recorded from a foreign authority: shows the foreign-registration block. */
export const CMC_FOREIGN_REGISTRATION = '3';

/**
 * Loại xác nhận [I]: who acknowledges whom. The kind decides whether the parent block holds the
 * father or the mother, and which of the two people is the one acknowledging (người nhận).
 */
export const CMC_KINDS = [
  { code: '1', name: 'Cha nhận con' },
  { code: '2', name: 'Mẹ nhận con' },
  { code: '3', name: 'Con nhận cha' },
  { code: '4', name: 'Con nhận mẹ' },
] as const satisfies readonly Option[];

type CmcKindCode = (typeof CMC_KINDS)[number]['code'];

/** What a kind says: the parent ("cha" or "mẹ") and who acknowledges (the parent or the child). */
export function cmcKindRoles(kind: string): { parent: 'cha' | 'mẹ'; acknowledger: 'chaMe' | 'con' } | undefined {
  const roles: Record<CmcKindCode, { parent: 'cha' | 'mẹ'; acknowledger: 'chaMe' | 'con' }> = {
    '1': { parent: 'cha', acknowledger: 'chaMe' },
    '2': { parent: 'mẹ', acknowledger: 'chaMe' },
    '3': { parent: 'cha', acknowledger: 'con' },
    '4': { parent: 'mẹ', acknowledger: 'con' },
  };
  return (roles as Record<string, { parent: 'cha' | 'mẹ'; acknowledger: 'chaMe' | 'con' } | undefined>)[kind];
}

const codeList = (id: string, title: string, options: readonly Option[]): CodeList => ({
  id,
  title,
  entries: options.map((o) => ({ value: o.code, code: o.code, name: o.name })),
});

export const CMC_REGISTRATION_KIND_LIST = codeList(
  'cmcLoaiDangKy',
  'Loại đăng ký nhận cha, mẹ, con',
  CMC_REGISTRATION_KINDS,
);
export const CMC_KIND_LIST = codeList('cmcLoaiXacNhan', 'Loại xác nhận (nhận cha, mẹ, con)', CMC_KINDS);

const codesOf = (options: readonly Option[]) => options.map((o) => o.code) as [string, ...string[]];

/** A person of the CMC template: the BTP person without sex and personal number, with quê quán. */
export const cmcPerson = btpPerson.omit({ gioiTinh: true, soDinhDanh: true }).extend({ queQuan: optionalText });
export type CmcPerson = z.infer<typeof cmcPerson>;

/** The person who came to register: name, relationship to each of the two people, paper. */
export const cmcRequester = z.object({
  hoTen: optionalText,
  /** Quan hệ với người được nhận (nycQHNguoiDuocNhan). */
  quanHeNguoiDuocNhan: optionalText,
  /** Quan hệ với người nhận (nycQHNguoiNhan). */
  quanHeNguoiNhan: optionalText,
  giayTo: btpIdDocument.optional(),
});

export const cmcRecordSchema = z
  .object({
    ...registrationFields,
    /** Required unless marked. */
    loaiDangKy: optionalCode(codesOf(CMC_REGISTRATION_KINDS), 'Chọn loại đăng ký trong danh sách'),
    /** Số quyết định công nhận việc nhận cha, mẹ, con (older books). */
    quyetDinhSo: optionalText,
    /** Required unless marked: who acknowledges whom. */
    loaiXacNhan: optionalCode(codesOf(CMC_KINDS), 'Chọn loại xác nhận trong danh sách'),
    /** The father or mother (cm…): name required unless marked. */
    chaMe: cmcPerson,
    /** The child (nc…): name required unless marked. */
    con: cmcPerson,
    nguoiDiDangKy: cmcRequester.optional(),
    /** Only for a registration first made abroad (loaiDangKy 3). */
    dangKyNuocNgoai: foreignRegistration.optional(),
  })
  .superRefine((record, ctx) => reportIssues(ctx, cmcErrors(record)), { when: () => true });

export type CmcRecord = z.infer<typeof cmcRecordSchema>;

export function cmcPeople(): PersonRef[] {
  return [
    { path: ['chaMe'], full: true },
    { path: ['con'], full: true },
    { path: ['nguoiDiDangKy'], full: false },
  ];
}

/** "Cha", "Mẹ", or "Cha, mẹ" while the kind is not chosen: how the messages name the parent. */
function parentWord(record: unknown): string {
  const roles = cmcKindRoles(textAt(record, ['loaiXacNhan']));
  return roles ? (roles.parent === 'cha' ? 'Cha' : 'Mẹ') : 'Cha, mẹ';
}

/** Hard errors of a CMC entry (run inside the schema; `record` may be malformed). */
export function cmcErrors(record: unknown, now = new Date()): RuleIssue[] {
  return [
    ...commonErrors(record, cmcPeople(), 'ngày đăng ký', now),
    ...missingUnlessMarked(record, [['loaiDangKy']], requiredChoiceMessage('loại đăng ký')),
    ...missingUnlessMarked(
      record,
      [['loaiXacNhan']],
      requiredChoiceMessage('loại xác nhận (cha, mẹ nhận con hay con nhận cha, mẹ)'),
    ),
    ...missingUnlessMarked(record, [['chaMe', 'hoTen']], requiredMessage('họ, chữ đệm, tên của cha, mẹ')),
    ...missingUnlessMarked(record, [['con', 'hoTen']], requiredMessage('họ, chữ đệm, tên của con')),
    ...otherPaperErrors(record, cmcPeople()),
    ...outOfOrder(
      record,
      ['chaMe', 'ngaySinh'],
      ['con', 'ngaySinh'],
      `${parentWord(record)} không thể sinh sau con: kiểm tra lại ngày sinh`,
      ['chaMe', 'ngaySinh'],
    ),
    ...futureDateErrors(record, [['dangKyNuocNgoai', 'ngay']], now),
    ...outOfOrder(
      record,
      ['dangKyNuocNgoai', 'ngay'],
      ['ngayDangKy'],
      'Ngày ghi vào sổ không thể trước ngày đăng ký ở nước ngoài',
    ),
  ];
}

/** Under this age at the child's birth, the parent's or the child's birth date is likely misread. */
export const MIN_PARENT_AGE = 12;

function hasContent(value: unknown): boolean {
  if (typeof value === 'string') return value.trim() !== '';
  if (value && typeof value === 'object') return Object.values(value).some(hasContent);
  return false;
}

/**
 * The kind says whether the parent block holds the father or the mother; a middle name that marks
 * the other sex ("Thị" for a woman, "Văn" for a man) suggests the kind or the block is wrong.
 */
function parentNameAgainstKind(record: unknown): RuleIssue | undefined {
  const roles = cmcKindRoles(textAt(record, ['loaiXacNhan']));
  const words = foldForSearch(textAt(record, ['chaMe', 'hoTen']))
    .split(/\s+/)
    .filter(Boolean);
  const middle = words.slice(1, -1);
  if (!roles || middle.length === 0) return undefined;
  const [other, word] = roles.parent === 'cha' ? ['mẹ', 'Thị'] : ['cha', 'Văn'];
  if (!middle.includes(foldForSearch(word))) return undefined;
  const kind = CMC_KINDS.find((k) => k.code === textAt(record, ['loaiXacNhan']))!.name;
  return {
    path: ['loaiXacNhan'],
    message: `Loại xác nhận là "${kind}" nhưng tên đệm "${word}" trong phần ghi về cha, mẹ thường là của ${other}: kiểm tra lại`,
  };
}

/** Warnings of a CMC entry: shared ones, the kind against the parent's name, the parent's age at the child's birth, parent ≠ child. */
export function cmcWarnings(record: CmcRecord, context: WarningContext = {}): RuleIssue[] {
  const issues = commonWarnings(record, cmcPeople(), context);
  const parent = parentWord(record);
  const age = ageAt(record, ['chaMe'], ['con', 'ngaySinh']);
  const bornAfter = outOfOrder(record, ['chaMe', 'ngaySinh'], ['con', 'ngaySinh'], '').length > 0;
  if (age && !bornAfter && age.max < MIN_PARENT_AGE) {
    issues.push({
      path: ['chaMe', 'ngaySinh'],
      message: `${parent} mới ${formatAge(age)} khi con sinh ra (dưới ${MIN_PARENT_AGE} tuổi): kiểm tra lại ngày sinh`,
    });
  }
  const kindMismatch = parentNameAgainstKind(record);
  if (kindMismatch) issues.push(kindMismatch);
  if (isSamePerson(record, ['chaMe'], ['con'])) {
    issues.push({
      path: ['con', 'hoTen'],
      message: `${parent} và con trùng nhau (cùng họ tên, ngày sinh): kiểm tra lại`,
    });
  }
  const foreign = valueAt(record, ['dangKyNuocNgoai']);
  const kind = textAt(record, ['loaiDangKy']);
  if (kind === CMC_FOREIGN_REGISTRATION && !hasContent(foreign)) {
    issues.push({
      path: ['dangKyNuocNgoai', 'coQuan'],
      message: 'Ghi vào sổ việc đã đăng ký ở nước ngoài: nhập số, ngày, cơ quan và quốc gia đã đăng ký',
    });
  }
  if (kind && kind !== CMC_FOREIGN_REGISTRATION && hasContent(foreign)) {
    issues.push({
      path: ['loaiDangKy'],
      message: 'Có thông tin đăng ký ở nước ngoài nhưng loại đăng ký không phải "Ghi vào sổ": kiểm tra lại',
    });
  }
  return issues;
}

/** The template person of CMC, in the template's order (quê quán after the nationalities). */
function cmcPersonColumns(prefix: string, base: string, who: string): EntryColumn[] {
  const before: BtpPersonField[] = ['HoTen', 'NgaySinh', 'DanToc', 'QuocTich', 'QuocTichKhac'];
  const after: BtpPersonField[] = [
    'LoaiCuTru',
    'NoiCuTru',
    'LoaiGiayToTuyThan',
    'GiayToKhac',
    'SoGiayToTuyThan',
    'NgayCapGiayToTuyThan',
    'NoiCapGiayToTuyThan',
  ];
  return [
    ...btpPersonColumns(prefix, base, who, before),
    col(`${prefix}QueQuan`, `${base}.queQuan`, `Quê quán ${who}`),
    ...btpPersonColumns(prefix, base, who, after),
  ];
}

function cmcRequesterColumns(base: string, who: string): EntryColumn[] {
  return [
    ...btpPersonColumns('nyc', base, who, ['HoTen']),
    col('nycQHNguoiDuocNhan', `${base}.quanHeNguoiDuocNhan`, `Quan hệ của ${who} với người được nhận`),
    col('nycQHNguoiNhan', `${base}.quanHeNguoiNhan`, `Quan hệ của ${who} với người nhận`),
    ...btpPersonColumns('nyc', base, who, [
      'LoaiGiayToTuyThan',
      'GiayToKhac',
      'SoGiayToTuyThan',
      'NgayCapGiayToTuyThan',
      'NoiCapGiayToTuyThan',
    ]),
  ];
}

/** STT, then the registration columns in the CMC template's order (quyetDinhSo, loaiXacNhan inside). */
function cmcRegistrationColumns(): ColumnDef[] {
  const shared = registrationColumns(
    col('loaiDangKy', 'loaiDangKy', 'Loại đăng ký', 'code', { codeList: CMC_REGISTRATION_KIND_LIST }),
  );
  const byName = (name: string): ColumnDef => shared.find((c) => c.column === name)!;
  return [
    byName('STT'),
    byName('so'),
    byName('quyenSo'),
    byName('trangSo'),
    col('quyetDinhSo', 'quyetDinhSo', 'Quyết định số'),
    byName('ngayDangKy'),
    byName('loaiDangKy'),
    col('loaiXacNhan', 'loaiXacNhan', 'Loại xác nhận', 'code', { codeList: CMC_KIND_LIST }),
    byName('noiDangKy'),
    byName('nguoiKy'),
    byName('chucVuNguoiKy'),
    byName('nguoiThucHien'),
    byName('ghiChu'),
  ];
}

export const CMC_V1: ColumnSet = {
  bookType: 'CMC',
  version: 1,
  since: '2026-11-30',
  sheetName: SHEET_NAME,
  codeSheetName: CODE_SHEET_NAME,
  columns: [
    ...cmcRegistrationColumns(),
    ...cmcPersonColumns('cm', 'chaMe', 'cha, mẹ'),
    ...cmcPersonColumns('nc', 'con', 'con'),
    ...cmcRequesterColumns('nguoiDiDangKy', 'người đi đăng ký'),
    ...foreignRegistrationColumns('dangKyNuocNgoai'),
  ],
  notExported: COMMON_NOT_EXPORTED,
};

/** A CMC person on the form: the template person without sex and personal number, quê quán added. */
function cmcPersonLayout(prefix: string): LayoutItem[] {
  const [name, firstRow, ...rest] = btpPersonLayout({ prefix, sex: false, personalNumber: false });
  return [name!, firstRow!, text(`${prefix}.queQuan`, 'Quê quán', { size: 'wide' }), ...rest];
}

function blankCmcPerson() {
  const { gioiTinh: _sex, soDinhDanh: _id, ...rest } = blankBtpPerson();
  return { ...rest, queQuan: '' };
}

const requesterLayout: LayoutItem = {
  kind: 'group',
  legend: 'Người đi đăng ký',
  items: [
    {
      kind: 'row',
      fields: [
        text('nguoiDiDangKy.hoTen', 'Họ, chữ đệm, tên', { size: 'wide' }),
        text('nguoiDiDangKy.quanHeNguoiDuocNhan', 'Quan hệ với người được nhận'),
        text('nguoiDiDangKy.quanHeNguoiNhan', 'Quan hệ với người nhận'),
      ],
    },
    {
      kind: 'row',
      fields: [
        { kind: 'idType', path: 'nguoiDiDangKy.giayTo.loai', label: 'Loại giấy tờ tùy thân' },
        text('nguoiDiDangKy.giayTo.khac', 'Tên giấy tờ khác', {
          requiredWhen: { path: 'nguoiDiDangKy.giayTo.loai', equals: '8' },
        }),
        text('nguoiDiDangKy.giayTo.so', 'Số giấy tờ'),
        date('nguoiDiDangKy.giayTo.ngayCap', 'Ngày cấp'),
        text('nguoiDiDangKy.giayTo.noiCap', 'Nơi cấp', { copyable: true }),
      ],
    },
  ],
};

export const CMC_BOOK_TYPE = defineBookType({
  code: 'CMC',
  record: defineRecordType({
    schema: cmcRecordSchema,
    warnings: cmcWarnings,
    indexed: (r) => indexedRegistration(r, [r.con?.hoTen, r.chaMe?.hoTen]),
    registrationDateLabel: 'Ngày đăng ký',
  }),
  layout: {
    title: 'Trường hợp đăng ký nhận cha, mẹ, con',
    blank: () => ({
      ...blankRegistration(),
      loaiDangKy: '',
      quyetDinhSo: '',
      loaiXacNhan: '',
      chaMe: blankCmcPerson(),
      con: blankCmcPerson(),
      nguoiDiDangKy: {
        hoTen: '',
        quanHeNguoiDuocNhan: '',
        quanHeNguoiNhan: '',
        giayTo: { loai: '', so: '', ngayCap: '', noiCap: '', khac: '' },
      },
      dangKyNuocNgoai: blankForeignRegistration(),
    }),
    items: [
      registrationLayout('Ngày, tháng, năm đăng ký'),
      {
        kind: 'row',
        fields: [
          {
            kind: 'select',
            path: 'loaiDangKy',
            label: 'Loại đăng ký',
            options: CMC_REGISTRATION_KINDS,
            required: true,
            carry: true,
          },
          { kind: 'select', path: 'loaiXacNhan', label: 'Loại xác nhận', options: CMC_KINDS, required: true },
          text('quyetDinhSo', 'Quyết định số', { size: 'narrow' }),
        ],
      },
      { kind: 'group', legend: 'Phần ghi về cha, mẹ', items: cmcPersonLayout('chaMe') },
      { kind: 'group', legend: 'Phần ghi về con', items: cmcPersonLayout('con') },
      requesterLayout,
      foreignRegistrationLayout('dangKyNuocNgoai', { path: 'loaiDangKy', equals: CMC_FOREIGN_REGISTRATION }),
      signatureLayout,
    ],
  },
  columnSets: [CMC_V1],
  people: ['chaMe', 'con'],
  fieldLabels: {
    loaiDangKy: 'Loại đăng ký',
    quyetDinhSo: 'Quyết định số',
    loaiXacNhan: 'Loại xác nhận',
    chaMe: 'Cha, mẹ',
    con: 'Con',
    queQuan: 'Quê quán',
    quanHeNguoiDuocNhan: 'Quan hệ với người được nhận',
    quanHeNguoiNhan: 'Quan hệ với người nhận',
  },
  critical: ['chaMe.hoTen', 'chaMe.ngaySinh', 'con.hoTen', 'con.ngaySinh'],
});
