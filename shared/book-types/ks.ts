/**
 * KS — Sổ đăng ký khai sinh (birth registration; TT 15/2015 and TT 04/2020 book forms, ho-tich.md
 * §3, §6, §7): its one description. An Excel book: the export is the Ministry's import template
 * `mau-import-khai-sinh-BTP.xlsx` (sheet "DL Import", 70 columns, and its "Ghi chu" sheet of code
 * lists), reproduced cell for cell (KS_V1 below).
 *
 * People: the child (người được khai sinh, nks…), the mother (me…) and the father (cha…) as the
 * template has them (the parents without sex, with loại cư trú and only the kind and number of
 * their identity paper), the requester (nyc…), and an event first registered abroad.
 *
 * The template's "…Str" columns (nksQuocTichStr, meQuocTichKhacStr, …) are not explained by the
 * Ministry; its own sample writes the nationality's name in nksQuocTich and leaves them empty.
 * They are kept here as free text, exactly as they come (quocTichStr, quocTichKhacStr), so that an
 * imported file exports again without loss, and the form shows them folded away.
 */
import { z } from '../zod';
import { DEFAULT_NATIONALITY } from '../catalogs/nationalities';
import type { PartialDate } from '../dates/partial-date';
import type { CodeList } from '../export/code-lists';
import {
  btpIdDocument,
  btpPerson,
  btpRequester,
  foreignRegistration,
  optionalCode,
  optionalPartialDate,
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
  missingUnlessMarked,
  otherPaperErrors,
  outOfOrder,
  reportIssues,
  requiredChoiceMessage,
  requiredMessage,
  type PersonRef,
  type RuleIssue,
  type WarningContext,
} from '../records/rules';
import {
  blankBtpRequester,
  blankForeignRegistration,
  blankRegistration,
  btpPersonLayout,
  btpRequesterLayout,
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
  btpRequesterColumns,
  col,
  foreignRegistrationColumns,
  registrationColumns,
  type ColumnDef,
  type ColumnSet,
  type EntryColumn,
} from './columns';
import { defineBookType, defineRecordType, indexedRegistration } from './define';
import type { FieldSpec, LayoutItem, Option } from './layout';

// ---------------------------------------------------------------------------------------------
// Code lists of the KS template (its "Ghi chu" sheet and its header notes)

const listOf = (id: string, title: string, entries: readonly (readonly [string, string])[]): CodeList => ({
  id,
  title,
  entries: entries.map(([code, name]) => ({ value: code, code, name })),
});

/** loaiDangKy i=[1,2,3,4,5,6], as the template's "Ghi chu" sheet lists them (stored as the code). */
export const KS_REGISTRATION_KINDS = listOf('ksLoaiDangKy', 'Loại đăng ký khai sinh', [
  ['1', 'Đăng ký đúng hạn'],
  ['2', 'Đăng ký lại'],
  ['3', 'Ghi vào sổ việc khai sinh đã đăng ký ở cơ quan có thẩm quyền nước ngoài'],
  ['4', 'Đăng ký quá hạn'],
  ['5', 'Cấp bản chính giấy khai sinh'],
  ['6', 'Không xác định'],
]);
export const KS_ON_TIME = '1';
export const KS_ABROAD = '3';
export const KS_LATE = '4';

/**
 * nksLoaiKhaiSinh i=[1,2,3,4,5]: the template's "Ghi chu" sheet does not list it; the names are
 * those of a vendor's model of the same template (public code, `_BIRTH_CERT_TYPE`), which match
 * the "trường hợp" of the national birth-registration form.
 */
export const KS_BIRTH_CASES = listOf('ksLoaiKhaiSinh', 'Loại khai sinh', [
  ['1', 'Đã xác định được cả cha lẫn mẹ'],
  ['2', 'Chưa xác định được mẹ'],
  ['3', 'Chưa xác định được cha'],
  ['4', 'Chưa xác định được cả cha lẫn mẹ'],
  ['5', 'Trẻ bị bỏ rơi'],
]);

/** nksMatTich & nksHanCheNangLucHanhVi: 1 Tuyên bố, 2 Hủy tuyên bố (the template's "Ghi chu" sheet). */
export const KS_DECLARATION_STATES = listOf('ksTuyenBo', 'Tình trạng tuyên bố', [
  ['1', 'Tuyên bố'],
  ['2', 'Hủy tuyên bố'],
]);

const optionsOf = (list: CodeList): Option[] => list.entries.map((e) => ({ code: e.code, name: e.name }));
const codesOf = (list: CodeList) => list.entries.map((e) => e.code) as [string, ...string[]];

// ---------------------------------------------------------------------------------------------
// Schema

/** The child (nks…): the template's person fields plus its birth-registration fields. */
export const ksChild = btpPerson
  .pick({ hoTen: true, gioiTinh: true, ngaySinh: true, danToc: true, quocTich: true, quocTichKhac: true })
  .extend({
    /** The birth date in words, as the book writes it ("Ngày mười sáu tháng bảy năm …"). */
    ngaySinhBangChu: optionalText,
    noiSinh: optionalText,
    /** The administrative unit of the place of birth (nksNoiSinhDVHC), as written. */
    noiSinhDVHC: optionalText,
    queQuan: optionalText,
    quocTichStr: optionalText,
    quocTichKhacStr: optionalText,
    loaiKhaiSinh: optionalCode(codesOf(KS_BIRTH_CASES), 'Chọn loại khai sinh trong danh sách'),
    soDinhDanh: btpPerson.shape.soDinhDanh,
  });

/** A parent (me…, cha…): no sex; of the identity paper only its kind and number. */
export const ksParent = btpPerson
  .pick({
    hoTen: true,
    ngaySinh: true,
    danToc: true,
    quocTich: true,
    quocTichKhac: true,
    loaiCuTru: true,
    noiCuTru: true,
    soDinhDanh: true,
  })
  .extend({
    quocTichStr: optionalText,
    quocTichKhacStr: optionalText,
    giayTo: btpIdDocument.pick({ loai: true, so: true }).optional(),
  });

/** A declaration noted in the margin (mất tích, hạn chế năng lực hành vi dân sự) and its annulment. */
export const ksDeclaration = z.object({
  tinhTrang: optionalCode(codesOf(KS_DECLARATION_STATES), 'Tình trạng tuyên bố: chọn 1 Tuyên bố hoặc 2 Hủy tuyên bố'),
  ngayGhiChuTuyenBo: optionalPartialDate,
  canCuTuyenBo: optionalText,
  ngayGhiChuHuyTuyenBo: optionalPartialDate,
  canCuHuyTuyenBo: optionalText,
});

export const ksRecordSchema = z
  .object({
    ...registrationFields,
    /** Required unless marked. */
    loaiDangKy: optionalCode(codesOf(KS_REGISTRATION_KINDS), 'Chọn loại đăng ký khai sinh trong danh sách'),
    /** Name and birth date required unless marked. */
    nguoiKhaiSinh: ksChild,
    me: ksParent.optional(),
    cha: ksParent.optional(),
    matTich: ksDeclaration.optional(),
    hanCheNangLucHanhVi: ksDeclaration.optional(),
    nguoiYeuCau: btpRequester.optional(),
    /** Only for loaiDangKy 3 (ghi vào sổ việc khai sinh đã đăng ký ở nước ngoài). */
    dangKyNuocNgoai: foreignRegistration.optional(),
  })
  .superRefine((record, ctx) => reportIssues(ctx, ksErrors(record)), { when: () => true });

export type KsRecord = z.infer<typeof ksRecordSchema>;

export function ksPeople(): PersonRef[] {
  return [
    { path: ['nguoiKhaiSinh'], full: true },
    { path: ['me'], full: true },
    { path: ['cha'], full: true },
    { path: ['nguoiYeuCau'], full: false },
  ];
}

const CHILD = ['nguoiKhaiSinh'];
const CHILD_BIRTH = [...CHILD, 'ngaySinh'];
const PARENTS = [
  { path: ['me'], who: 'Mẹ' },
  { path: ['cha'], who: 'Cha' },
] as const;
const DECLARATIONS = [
  { path: 'matTich', what: 'tuyên bố mất tích' },
  { path: 'hanCheNangLucHanhVi', what: 'tuyên bố hạn chế năng lực hành vi dân sự' },
] as const;

/** Hard errors of a KS entry (run inside the schema; `record` may be malformed). */
export function ksErrors(record: unknown, now = new Date()): RuleIssue[] {
  const issues = [
    ...commonErrors(record, ksPeople(), 'ngày đăng ký', now),
    ...missingUnlessMarked(record, [['loaiDangKy']], requiredChoiceMessage('loại đăng ký')),
    ...missingUnlessMarked(record, [[...CHILD, 'hoTen']], requiredMessage('họ, chữ đệm, tên người được khai sinh')),
    ...missingUnlessMarked(record, [CHILD_BIRTH], requiredMessage('ngày, tháng, năm sinh người được khai sinh')),
  ];
  issues.push(...otherPaperErrors(record, [{ path: ['nguoiYeuCau'], full: false }]));
  for (const { path, who } of PARENTS) {
    issues.push(
      ...outOfOrder(record, [...path, 'ngaySinh'], CHILD_BIRTH, `${who} không thể sinh sau người được khai sinh`, [
        ...path,
        'ngaySinh',
      ]),
    );
  }
  for (const { path, what } of DECLARATIONS) {
    const declared = [path, 'ngayGhiChuTuyenBo'];
    const annulled = [path, 'ngayGhiChuHuyTuyenBo'];
    issues.push(
      ...futureDateErrors(record, [declared, annulled], now),
      ...outOfOrder(record, CHILD_BIRTH, declared, `Ngày ghi chú ${what} không thể trước ngày sinh`),
      ...outOfOrder(record, CHILD_BIRTH, annulled, `Ngày ghi chú hủy ${what} không thể trước ngày sinh`),
      ...outOfOrder(record, ['ngayDangKy'], declared, `Ngày ghi chú ${what} không thể trước ngày đăng ký khai sinh`),
      ...outOfOrder(
        record,
        ['ngayDangKy'],
        annulled,
        `Ngày ghi chú hủy ${what} không thể trước ngày đăng ký khai sinh`,
      ),
    );
  }
  issues.push(
    ...futureDateErrors(record, [['dangKyNuocNgoai', 'ngay']], now),
    ...outOfOrder(
      record,
      CHILD_BIRTH,
      ['dangKyNuocNgoai', 'ngay'],
      'Ngày đăng ký ở nước ngoài không thể trước ngày sinh',
    ),
  );
  return issues;
}

/** The first and last day (UTC milliseconds) a partial date may mean. */
function dayBounds(p: PartialDate): [number, number] {
  const first = Date.UTC(p.year, (p.month ?? 1) - 1, p.day ?? 1);
  const lastMonth = p.month ?? 12;
  const last = Date.UTC(p.year, lastMonth - 1, p.day ?? new Date(Date.UTC(p.year, lastMonth, 0)).getUTCDate());
  return [first, last];
}

const DAY_MS = 86_400_000;

/** Luật Hộ tịch 2014, Điều 15: a birth is registered within 60 days. */
export const REGISTRATION_DEADLINE_DAYS = 60;

/** The fewest and most days between the birth and the registration the partial dates allow. */
export function daysToRegistration(record: unknown): { min: number; max: number } | undefined {
  const born = dateAt(record, CHILD_BIRTH);
  const registered = dateAt(record, ['ngayDangKy']);
  if (!born || !registered) return undefined;
  const [bornFirst, bornLast] = dayBounds(born);
  const [regFirst, regLast] = dayBounds(registered);
  return { min: Math.round((regFirst - bornLast) / DAY_MS), max: Math.round((regLast - bornFirst) / DAY_MS) };
}

/** Warnings of a KS entry. */
export function ksWarnings(record: KsRecord, context: WarningContext = {}): RuleIssue[] {
  const issues = commonWarnings(record, ksPeople(), context);
  for (const { path, who } of PARENTS) {
    const age = ageAt(record, path, CHILD_BIRTH);
    if (!age || !dateAt(record, [...path, 'ngaySinh'])) continue;
    if (age.max < 12) {
      issues.push({
        path: [...path, 'ngaySinh'],
        message: `${who} mới ${formatAge(age)} khi sinh người được khai sinh: kiểm tra lại ngày sinh`,
      });
    } else if (age.min > 70) {
      issues.push({
        path: [...path, 'ngaySinh'],
        message: `${who} đã ${formatAge(age)} khi sinh người được khai sinh: kiểm tra lại ngày sinh`,
      });
    }
  }
  const kind = textAt(record, ['loaiDangKy']);
  const days = daysToRegistration(record);
  if (days && kind === KS_ON_TIME && days.min > REGISTRATION_DEADLINE_DAYS) {
    issues.push({
      path: ['loaiDangKy'],
      message: `Đăng ký đúng hạn nhưng ngày đăng ký sau ngày sinh hơn ${REGISTRATION_DEADLINE_DAYS} ngày (${days.min} ngày): kiểm tra loại đăng ký (quá hạn?)`,
    });
  }
  if (days && kind === KS_LATE && days.max <= REGISTRATION_DEADLINE_DAYS) {
    issues.push({
      path: ['loaiDangKy'],
      message: `Đăng ký quá hạn nhưng ngày đăng ký trong vòng ${REGISTRATION_DEADLINE_DAYS} ngày kể từ ngày sinh: kiểm tra loại đăng ký (đúng hạn?)`,
    });
  }
  for (const { path, what } of DECLARATIONS) {
    issues.push(
      ...outOfOrder(
        record,
        [path, 'ngayGhiChuTuyenBo'],
        [path, 'ngayGhiChuHuyTuyenBo'],
        `Ngày ghi chú hủy ${what} trước ngày ghi chú ${what}: kiểm tra lại`,
      ),
    );
  }
  issues.push(
    ...outOfOrder(
      record,
      ['dangKyNuocNgoai', 'ngay'],
      ['ngayDangKy'],
      'Ngày đăng ký ở nước ngoài sau ngày ghi vào sổ: kiểm tra lại',
      ['dangKyNuocNgoai', 'ngay'],
    ),
  );
  return issues;
}

// ---------------------------------------------------------------------------------------------
// Form layout

/** A parent's block: the template person without sex and place of birth, name not required. */
function parentLayout(prefix: string): LayoutItem[] {
  const items = btpPersonLayout({ prefix, sex: false, idPaper: false }).map((item) =>
    item.kind === 'text' && item.path === `${prefix}.hoTen` ? { ...item, required: false } : item,
  );
  const idRow: LayoutItem = {
    kind: 'row',
    fields: [
      { kind: 'idType', path: `${prefix}.giayTo.loai`, label: 'Loại giấy tờ tùy thân' },
      text(`${prefix}.giayTo.so`, 'Số giấy tờ'),
    ],
  };
  return [...items, idRow, nationalityInWords(prefix)];
}

/** The template's "…Str" nationality columns, kept as they come (folded away on the form). */
function nationalityInWords(prefix: string): LayoutItem {
  return {
    kind: 'group',
    legend: 'Quốc tịch ghi bằng chữ (cột …Str của mẫu Bộ Tư pháp)',
    optional: true,
    items: [
      {
        kind: 'row',
        fields: [
          text(`${prefix}.quocTichStr`, 'Quốc tịch (chữ)'),
          text(`${prefix}.quocTichKhacStr`, 'Quốc tịch khác (chữ)'),
        ],
      },
    ],
  };
}

function declarationLayout(path: string, legend: string): LayoutItem {
  const field = (spec: FieldSpec) => spec;
  return {
    kind: 'group',
    legend,
    optional: true,
    items: [
      {
        kind: 'row',
        fields: [
          field({
            kind: 'select',
            path: `${path}.tinhTrang`,
            label: 'Tình trạng',
            options: optionsOf(KS_DECLARATION_STATES),
          }),
          date(`${path}.ngayGhiChuTuyenBo`, 'Ngày ghi chú tuyên bố'),
          text(`${path}.canCuTuyenBo`, 'Căn cứ tuyên bố', { size: 'wide' }),
        ],
      },
      {
        kind: 'row',
        fields: [
          date(`${path}.ngayGhiChuHuyTuyenBo`, 'Ngày ghi chú hủy tuyên bố'),
          text(`${path}.canCuHuyTuyenBo`, 'Căn cứ hủy tuyên bố', { size: 'wide' }),
        ],
      },
    ],
  };
}

const blankParent = () => ({
  hoTen: '',
  ngaySinh: '',
  danToc: '',
  quocTich: DEFAULT_NATIONALITY,
  quocTichStr: '',
  quocTichKhac: '',
  quocTichKhacStr: '',
  loaiCuTru: '',
  noiCuTru: '',
  soDinhDanh: '',
  giayTo: { loai: '', so: '' },
});

const blankDeclaration = () => ({
  tinhTrang: '',
  ngayGhiChuTuyenBo: '',
  canCuTuyenBo: '',
  ngayGhiChuHuyTuyenBo: '',
  canCuHuyTuyenBo: '',
});

// ---------------------------------------------------------------------------------------------
// Excel: the Ministry's template, column for column

/**
 * Row 1 of sheet "DL Import" of mau-import-khai-sinh-BTP.xlsx, cell for cell (trailing spaces and
 * the allowed-values notes after the line break included): the export writes these headers.
 */
export const KS_TEMPLATE_HEADERS: readonly string[] = [
  'STT',
  'so ',
  'quyenSo ',
  'trangSo ',
  'ngayDangKy ',
  'loaiDangKy \ni=[1,2,3,4,5,6]',
  'noiDangKy',
  'nguoiKy',
  'chucVuNguoiKy',
  'nguoiThucHien',
  'ghiChu',
  'nksSoDinhDanh',
  'nksHoTen ',
  'nksGioiTinh',
  'nksNgaySinh ',
  'nksNgaySinhBangChu',
  'nksNoiSinh',
  'nksNoiSinhDVHC',
  'nksQueQuan',
  'nksDanToc ',
  'nksQuocTich ',
  'nksQuocTichStr',
  'nksQuocTichKhac',
  'nksQuocTichKhacStr',
  'nksLoaiKhaiSinh\ni=[1,2,3,4,5]',
  'nksMatTich',
  'nksMatTichNgayGhiChuTuyenBo',
  'nksMatTichCanCuTuyenBo',
  'nksMatTichNgayGhiChuHuyTuyenBo',
  'nksMatTichCanCuHuyTuyenBo',
  'nksHanCheNangLucHanhVi',
  'nksHanCheNangLucHanhViNgayGhiChuTuyenBo',
  'nksHanCheNangLucHanhViCanCuTuyenBo',
  'nksHanCheNangLucHanhViNgayGhiChuHuyTuyenBo',
  'nksHanCheNangLucHanhViNgayCanCuHuyTuyenBo',
  'meSoDinhDanhCaNhan',
  'meHoTen ',
  'meNgaySinh ',
  'meDanToc ',
  'meQuocTich ',
  'meQuocTichStr',
  'meQuocTichKhac',
  'meQuocTichKhacStr',
  'meLoaiCuTru ',
  'meNoiCuTru',
  'meLoaiGiayToTuyThan\ni=[1,2,3,4,5,6,7,8]',
  'meSoGiayToTuyThan',
  'chaSoDinhDanhCaNhan',
  'chaHoTen ',
  'chaNgaySinh ',
  'chaDanToc ',
  'chaQuocTich ',
  'chaQuocTichStr',
  'chaQuocTichKhac',
  'chaQuocTichKhacStr',
  'chaLoaiCuTru ',
  'chaNoiCuTru',
  'chaLoaiGiayToTuyThan\ni=[1,2,3,4,5,6,7,8]',
  'chaSoGiayToTuyThan',
  'nycHoTen',
  'nycQuanHe',
  'nycLoaiGiayToTuyThan',
  'nycGiayToKhac',
  'nycSoGiayToTuyThan',
  'nycNgayCapGiayToTuyThan',
  'nycNoiCapGiayToTuyThan',
  'soDangKyNuocNgoai',
  'ngayDangKyNuocNgoai',
  'cqNuocNgoaiDaDangKy',
  'qgNuocNgoaiDaDangKy',
];

/** Sheet "Ghi chu" of the template, cell for cell (codes as numbers), with its merged titles. */
export const KS_TEMPLATE_CODE_SHEET = {
  cells: [
    ['B2', 'Loại đăng ký'],
    ['E2', 'Loại giấy tờ tùy thân'],
    ['B3', 1],
    ['C3', 'Đăng kí đúng hạn'],
    ['E3', 1],
    ['F3', 'Giấy CMND'],
    ['B4', 2],
    ['C4', 'Đăng kí lại'],
    ['E4', 2],
    ['F4', 'Hộ chiếu'],
    ['B5', 3],
    ['C5', 'Ghi vào sổ việc khai sinh đã đăng ký ở CQ có thẩm quyền nước ngoài'],
    ['E5', 3],
    ['F5', 'Thẻ thường trú'],
    ['B6', 4],
    ['C6', 'Đăng kí quá hạn'],
    ['E6', 4],
    ['F6', 'Thẻ căn cước công dân'],
    ['B7', 5],
    ['C7', 'Cấp bản chính giấy khai sinh'],
    ['E7', 5],
    ['F7', 'Giấy chứng minh quân đội nhân dân'],
    ['B8', 6],
    ['C8', 'Không xác định'],
    ['E8', 6],
    ['F8', 'Giấy chứng minh sĩ quan quân đội'],
    ['E9', 7],
    ['F9', 'Giấy chứng minh công an nhân dân'],
    ['B10', 'Giới tính'],
    ['E10', 8],
    ['F10', 'Giấy tờ khác'],
    ['B11', 1],
    ['C11', 'Nam'],
    ['B12', 2],
    ['C12', 'Nữ'],
    ['B13', 3],
    ['C13', 'Không xác định'],
    ['B15', 'nksMatTich & nksHanCheNangLucHanhVi'],
    ['B16', 1],
    ['C16', 'Tuyên bố'],
    ['B17', 2],
    ['C17', 'Hủy tuyên bố'],
  ].map(([address, value]) => ({ address: address as string, value: value as string | number })),
  merges: ['B2:C2', 'E2:F2', 'B10:C10', 'B15:C15'],
};

const parentColumns = (prefix: 'me' | 'cha', base: string, who: string): EntryColumn[] => {
  const [soDinhDanh, hoTen, ngaySinh, danToc, quocTich, quocTichKhac, loaiCuTru, noiCuTru, loaiGiayTo, soGiayTo] =
    btpPersonColumns(prefix, base, who, [
      'SoDinhDanhCaNhan',
      'HoTen',
      'NgaySinh',
      'DanToc',
      'QuocTich',
      'QuocTichKhac',
      'LoaiCuTru',
      'NoiCuTru',
      'LoaiGiayToTuyThan',
      'SoGiayToTuyThan',
    ]);
  return [
    soDinhDanh!,
    hoTen!,
    ngaySinh!,
    danToc!,
    quocTich!,
    col(`${prefix}QuocTichStr`, `${base}.quocTichStr`, `Quốc tịch (chữ) ${who}`),
    quocTichKhac!,
    col(`${prefix}QuocTichKhacStr`, `${base}.quocTichKhacStr`, `Quốc tịch khác (chữ) ${who}`),
    loaiCuTru!,
    noiCuTru!,
    loaiGiayTo!,
    soGiayTo!,
  ];
};

const declarationColumns = (prefix: string, base: string, what: string, cancelBasisColumn: string): EntryColumn[] => [
  col(prefix, `${base}.tinhTrang`, `Tình trạng ${what}`, 'code', { codeList: KS_DECLARATION_STATES }),
  col(`${prefix}NgayGhiChuTuyenBo`, `${base}.ngayGhiChuTuyenBo`, `Ngày ghi chú ${what}`, 'date'),
  col(`${prefix}CanCuTuyenBo`, `${base}.canCuTuyenBo`, `Căn cứ ${what}`),
  col(`${prefix}NgayGhiChuHuyTuyenBo`, `${base}.ngayGhiChuHuyTuyenBo`, `Ngày ghi chú hủy ${what}`, 'date'),
  // The template's last column of the block is "…NgayCanCuHuyTuyenBo" for hạn chế năng lực hành
  // vi (its sample row holds a month there): kept as text, whatever it holds.
  col(cancelBasisColumn, `${base}.canCuHuyTuyenBo`, `Căn cứ hủy ${what}`),
];

const C = 'người được khai sinh';
const childColumns = (): EntryColumn[] => {
  const [soDinhDanh, hoTen, gioiTinh, ngaySinh, danToc, quocTich, quocTichKhac] = btpPersonColumns(
    'nks',
    'nguoiKhaiSinh',
    C,
    ['SoDinhDanh', 'HoTen', 'GioiTinh', 'NgaySinh', 'DanToc', 'QuocTich', 'QuocTichKhac'],
  );
  return [
    soDinhDanh!,
    hoTen!,
    gioiTinh!,
    ngaySinh!,
    col('nksNgaySinhBangChu', 'nguoiKhaiSinh.ngaySinhBangChu', `Ngày sinh bằng chữ ${C}`),
    col('nksNoiSinh', 'nguoiKhaiSinh.noiSinh', `Nơi sinh ${C}`),
    col('nksNoiSinhDVHC', 'nguoiKhaiSinh.noiSinhDVHC', `Đơn vị hành chính nơi sinh ${C}`),
    col('nksQueQuan', 'nguoiKhaiSinh.queQuan', `Quê quán ${C}`),
    danToc!,
    quocTich!,
    col('nksQuocTichStr', 'nguoiKhaiSinh.quocTichStr', `Quốc tịch (chữ) ${C}`),
    quocTichKhac!,
    col('nksQuocTichKhacStr', 'nguoiKhaiSinh.quocTichKhacStr', `Quốc tịch khác (chữ) ${C}`),
    col('nksLoaiKhaiSinh', 'nguoiKhaiSinh.loaiKhaiSinh', `Loại khai sinh`, 'code', { codeList: KS_BIRTH_CASES }),
    ...declarationColumns('nksMatTich', 'matTich', `tuyên bố mất tích ${C}`, 'nksMatTichCanCuHuyTuyenBo'),
    ...declarationColumns(
      'nksHanCheNangLucHanhVi',
      'hanCheNangLucHanhVi',
      `tuyên bố hạn chế năng lực hành vi dân sự ${C}`,
      'nksHanCheNangLucHanhViNgayCanCuHuyTuyenBo',
    ),
  ];
};

/** Ethnicity and nationality cells are read back through the catalogs ("Ba Na" → "Ba-na"). */
function withLookups(column: ColumnDef): ColumnDef {
  if (column.source !== 'entry') return column;
  if (/(^|\.)danToc$/.test(column.path)) return { ...column, lookup: 'ethnicity' };
  if (/(^|\.)(quocTich|quocTichKhac|quocGia)$/.test(column.path)) return { ...column, lookup: 'nationality' };
  return column;
}

const KS_COLUMNS: ColumnDef[] = [
  ...registrationColumns(
    col('loaiDangKy', 'loaiDangKy', 'Loại đăng ký khai sinh', 'code', { codeList: KS_REGISTRATION_KINDS }),
  ),
  ...childColumns(),
  ...parentColumns('me', 'me', 'mẹ'),
  ...parentColumns('cha', 'cha', 'cha'),
  ...btpRequesterColumns('nguoiYeuCau', 'người đi đăng ký khai sinh'),
  ...foreignRegistrationColumns('dangKyNuocNgoai'),
]
  .map((column, i) => ({
    ...column,
    header: KS_TEMPLATE_HEADERS[i],
    // The template's one header whose line break is a run of its own.
    ...(column.column === 'nksLoaiKhaiSinh' ? { headerRuns: ['nksLoaiKhaiSinh', '\n', 'i=[1,2,3,4,5]'] } : {}),
  }))
  .map(withLookups);

export const KS_V1: ColumnSet = {
  bookType: 'KS',
  version: 1,
  since: '2026-11-30',
  sheetName: SHEET_NAME,
  codeSheetName: CODE_SHEET_NAME,
  codeSheet: KS_TEMPLATE_CODE_SHEET,
  columns: KS_COLUMNS,
  notExported: COMMON_NOT_EXPORTED,
};

// ---------------------------------------------------------------------------------------------
// The book type

export const KS_BOOK_TYPE = defineBookType({
  code: 'KS',
  record: defineRecordType({
    schema: ksRecordSchema,
    warnings: ksWarnings,
    indexed: (r) => indexedRegistration(r, [r.nguoiKhaiSinh?.hoTen, r.me?.hoTen, r.cha?.hoTen, r.nguoiYeuCau?.hoTen]),
    registrationDateLabel: 'Ngày đăng ký',
  }),
  layout: {
    title: 'Trường hợp đăng ký khai sinh',
    blank: () => ({
      ...blankRegistration(),
      loaiDangKy: '',
      nguoiKhaiSinh: {
        hoTen: '',
        ngaySinh: '',
        ngaySinhBangChu: '',
        gioiTinh: '',
        noiSinh: '',
        noiSinhDVHC: '',
        queQuan: '',
        danToc: '',
        quocTich: DEFAULT_NATIONALITY,
        quocTichStr: '',
        quocTichKhac: '',
        quocTichKhacStr: '',
        loaiKhaiSinh: '',
        soDinhDanh: '',
      },
      me: blankParent(),
      cha: blankParent(),
      matTich: blankDeclaration(),
      hanCheNangLucHanhVi: blankDeclaration(),
      nguoiYeuCau: blankBtpRequester(),
      dangKyNuocNgoai: blankForeignRegistration(),
    }),
    items: [
      registrationLayout('Ngày, tháng, năm đăng ký'),
      {
        kind: 'select',
        path: 'loaiDangKy',
        label: 'Loại đăng ký',
        options: optionsOf(KS_REGISTRATION_KINDS),
        required: true,
      },
      {
        kind: 'group',
        legend: 'Người được khai sinh',
        items: [
          ...btpPersonLayout({
            prefix: 'nguoiKhaiSinh',
            birthPlace: true,
            residence: false,
            idPaper: false,
            birthDateRequired: true,
          }),
          text('nguoiKhaiSinh.ngaySinhBangChu', 'Ngày sinh bằng chữ', { size: 'wide' }),
          {
            kind: 'row',
            fields: [
              text('nguoiKhaiSinh.noiSinhDVHC', 'Đơn vị hành chính nơi sinh'),
              text('nguoiKhaiSinh.queQuan', 'Quê quán', { size: 'wide' }),
            ],
          },
          {
            kind: 'select',
            path: 'nguoiKhaiSinh.loaiKhaiSinh',
            label: 'Loại khai sinh',
            options: optionsOf(KS_BIRTH_CASES),
          },
          nationalityInWords('nguoiKhaiSinh'),
        ],
      },
      { kind: 'group', legend: 'Mẹ', items: parentLayout('me') },
      { kind: 'group', legend: 'Cha', items: parentLayout('cha') },
      btpRequesterLayout('nguoiYeuCau', 'Người đi đăng ký khai sinh'),
      foreignRegistrationLayout('dangKyNuocNgoai', { path: 'loaiDangKy', equals: KS_ABROAD }),
      declarationLayout('matTich', 'Ghi chú tuyên bố mất tích'),
      declarationLayout('hanCheNangLucHanhVi', 'Ghi chú tuyên bố hạn chế năng lực hành vi dân sự'),
      signatureLayout,
    ],
  },
  columnSets: [KS_V1],
  people: ['nguoiKhaiSinh', 'me', 'cha', 'nguoiYeuCau'],
  fieldLabels: {
    loaiDangKy: 'Loại đăng ký',
    nguoiKhaiSinh: 'Người được khai sinh',
    me: 'Mẹ',
    cha: 'Cha',
    ngaySinhBangChu: 'Ngày sinh bằng chữ',
    noiSinhDVHC: 'Đơn vị hành chính nơi sinh',
    queQuan: 'Quê quán',
    quocTichStr: 'Quốc tịch (chữ)',
    quocTichKhacStr: 'Quốc tịch khác (chữ)',
    loaiKhaiSinh: 'Loại khai sinh',
    matTich: 'Tuyên bố mất tích',
    hanCheNangLucHanhVi: 'Tuyên bố hạn chế năng lực hành vi dân sự',
    ngayGhiChuTuyenBo: 'Ngày ghi chú tuyên bố',
    canCuTuyenBo: 'Căn cứ tuyên bố',
    ngayGhiChuHuyTuyenBo: 'Ngày ghi chú hủy tuyên bố',
    canCuHuyTuyenBo: 'Căn cứ hủy tuyên bố',
  },
  critical: ['nguoiKhaiSinh.hoTen', 'nguoiKhaiSinh.ngaySinh'],
});
