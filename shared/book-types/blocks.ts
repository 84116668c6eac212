/**
 * The blocks every typed-in book shares (ho-tich.md §3), as form layout: registration header,
 * person (with its identity paper and residence), registrant, signature, and their blank values.
 * Their Excel columns are in columns.ts, their zod fields in ../records/fields.ts. Each type's
 * module (gh.ts, …) lays out its book from these blocks.
 */
import { RESIDENCE_TYPES } from '../catalogs/people';
import { blankPerson } from '../records/fields';
import type { FieldSpec, LayoutItem } from './layout';

export const text = (path: string, label: string, extra: Partial<FieldSpec> = {}): FieldSpec => ({
  kind: 'text',
  path,
  label,
  ...extra,
});
export const date = (path: string, label: string, extra: Partial<FieldSpec> = {}): FieldSpec => ({
  kind: 'date',
  path,
  label,
  ...extra,
});

export function registrationLayout(dateLabel: string): LayoutItem {
  return {
    kind: 'group',
    legend: 'Đăng ký',
    items: [
      {
        kind: 'row',
        fields: [
          text('so', 'Số', { required: true, size: 'narrow', placeholder: '01/2018' }),
          text('quyenSo', 'Quyển số', { carry: true, size: 'narrow' }),
          { kind: 'int', path: 'trangSo', label: 'Trang số', required: true, size: 'narrow' },
          date('ngayDangKy', dateLabel, { required: true, carry: true }),
        ],
      },
    ],
  };
}

/** Signer, clerk and notes: printed at the foot of each entry. */
export const signatureLayout: LayoutItem = {
  kind: 'group',
  legend: 'Ký, ghi chú',
  items: [
    {
      kind: 'row',
      fields: [
        text('nguoiKy', 'Người ký', { carry: true }),
        text('chucVuNguoiKy', 'Chức vụ người ký', { carry: true }),
        text('nguoiThucHien', 'Người thực hiện', { carry: true }),
      ],
    },
    { kind: 'textarea', path: 'ghiChu', label: 'Ghi chú', size: 'wide' },
  ],
};

export interface PersonLayoutOptions {
  birthPlace?: boolean;
  residence?: boolean;
  /** `$` inside a list item. */
  prefix: string;
  /** The birth date is required (TD: the person changed is identified by name and birth date). */
  birthDateRequired?: boolean;
}

/** A person block (ho-tich.md §3), in the order the books print it. */
export function personLayout({
  prefix,
  birthPlace = false,
  residence = true,
  birthDateRequired = false,
}: PersonLayoutOptions): LayoutItem[] {
  const p = (name: string) => `${prefix}.${name}`;
  return [
    text(p('hoTen'), 'Họ, chữ đệm, tên', { required: true, size: 'wide' }),
    {
      kind: 'row',
      fields: [
        date(p('ngaySinh'), 'Ngày, tháng, năm sinh', birthDateRequired ? { required: true } : {}),
        { kind: 'sex', path: p('gioiTinh'), label: 'Giới tính' },
        { kind: 'ethnicity', path: p('danToc'), label: 'Dân tộc' },
        { kind: 'nationality', path: p('quocTich'), label: 'Quốc tịch' },
      ],
    },
    ...(birthPlace ? [text(p('noiSinh'), 'Nơi sinh', { size: 'wide' })] : []),
    {
      kind: 'row',
      fields: [
        { kind: 'idType', path: p('giayTo.loai'), label: 'Loại giấy tờ tùy thân' },
        text(p('giayTo.so'), 'Số giấy tờ'),
        date(p('giayTo.ngayCap'), 'Ngày cấp'),
        text(p('giayTo.noiCap'), 'Nơi cấp', { copyable: true }),
      ],
    },
    text(p('soDinhDanh'), 'Số định danh cá nhân', { size: 'narrow' }),
    ...(residence ? [text(p('noiCuTru'), 'Nơi cư trú', { size: 'wide', copyable: true })] : []),
  ];
}

export function registrantLayout(path: string, legend: string, withRelationship: boolean): LayoutItem {
  return {
    kind: 'group',
    legend,
    items: [
      {
        kind: 'row',
        fields: [
          text(`${path}.hoTen`, 'Họ, chữ đệm, tên', { size: 'wide' }),
          ...(withRelationship ? [text(`${path}.quanHe`, 'Quan hệ')] : []),
        ],
      },
      {
        kind: 'row',
        fields: [
          { kind: 'idType', path: `${path}.giayTo.loai`, label: 'Loại giấy tờ tùy thân' },
          text(`${path}.giayTo.so`, 'Số giấy tờ'),
          date(`${path}.giayTo.ngayCap`, 'Ngày cấp'),
          text(`${path}.giayTo.noiCap`, 'Nơi cấp', { copyable: true }),
        ],
      },
    ],
  };
}

export const blankId = () => ({ loai: '', so: '', ngayCap: '', noiCap: '' });
export const blankRegistrant = () => ({ hoTen: '', giayTo: blankId() });
export const blankRegistration = () => ({
  so: '',
  quyenSo: '',
  trangSo: 1,
  ngayDangKy: '',
  nguoiKy: '',
  chucVuNguoiKy: '',
  nguoiThucHien: '',
  ghiChu: '',
});
export const withoutResidence = () => {
  const { noiCuTru: _r, noiSinh: _s, ...rest } = blankPerson();
  return rest;
};
export const withoutBirthPlace = () => {
  const { noiSinh: _s, ...rest } = blankPerson();
  return rest;
};

/*
 * Blocks of the six Excel books (the BTP templates, ho-tich.md §7). A template person carries,
 * besides the book's person, loại cư trú, a second nationality and the name of an "other" paper.
 */

export interface BtpPersonLayoutOptions {
  /** `$` inside a list item. */
  prefix: string;
  /** Which of the optional parts the book prints (all by default but the place of birth). */
  sex?: boolean;
  birthPlace?: boolean;
  secondNationality?: boolean;
  residence?: boolean;
  idPaper?: boolean;
  personalNumber?: boolean;
  birthDateRequired?: boolean;
}

/** A template person block, in the order the books print it. */
export function btpPersonLayout({
  prefix,
  sex = true,
  birthPlace = false,
  secondNationality = true,
  residence = true,
  idPaper = true,
  personalNumber = true,
  birthDateRequired = false,
}: BtpPersonLayoutOptions): LayoutItem[] {
  const p = (name: string) => `${prefix}.${name}`;
  return [
    text(p('hoTen'), 'Họ, chữ đệm, tên', { required: true, size: 'wide' }),
    {
      kind: 'row',
      fields: [
        date(p('ngaySinh'), 'Ngày, tháng, năm sinh', birthDateRequired ? { required: true } : {}),
        ...(sex ? [{ kind: 'sex', path: p('gioiTinh'), label: 'Giới tính' } satisfies FieldSpec] : []),
        { kind: 'ethnicity', path: p('danToc'), label: 'Dân tộc' },
        { kind: 'nationality', path: p('quocTich'), label: 'Quốc tịch' },
        ...(secondNationality
          ? [{ kind: 'nationality', path: p('quocTichKhac'), label: 'Quốc tịch khác' } satisfies FieldSpec]
          : []),
      ],
    },
    ...(birthPlace ? [text(p('noiSinh'), 'Nơi sinh', { size: 'wide' })] : []),
    ...(idPaper
      ? [
          {
            kind: 'row',
            fields: [
              { kind: 'idType', path: p('giayTo.loai'), label: 'Loại giấy tờ tùy thân' },
              text(p('giayTo.khac'), 'Tên giấy tờ khác', { requiredWhen: { path: p('giayTo.loai'), equals: '8' } }),
              text(p('giayTo.so'), 'Số giấy tờ'),
              date(p('giayTo.ngayCap'), 'Ngày cấp'),
              text(p('giayTo.noiCap'), 'Nơi cấp', { copyable: true }),
            ],
          } satisfies LayoutItem,
        ]
      : []),
    ...(personalNumber ? [text(p('soDinhDanh'), 'Số định danh cá nhân', { size: 'narrow' })] : []),
    ...(residence
      ? [
          {
            kind: 'row',
            fields: [
              { kind: 'select', path: p('loaiCuTru'), label: 'Loại cư trú', options: RESIDENCE_TYPES },
              text(p('noiCuTru'), 'Nơi cư trú', { size: 'wide', copyable: true }),
            ],
          } satisfies LayoutItem,
        ]
      : []),
  ];
}

/** The person who asked for the entry in a template book (nyc…): name, relationship, paper. */
export function btpRequesterLayout(path: string, legend: string): LayoutItem {
  return {
    kind: 'group',
    legend,
    items: [
      {
        kind: 'row',
        fields: [text(`${path}.hoTen`, 'Họ, chữ đệm, tên', { size: 'wide' }), text(`${path}.quanHe`, 'Quan hệ')],
      },
      {
        kind: 'row',
        fields: [
          { kind: 'idType', path: `${path}.giayTo.loai`, label: 'Loại giấy tờ tùy thân' },
          text(`${path}.giayTo.khac`, 'Tên giấy tờ khác', {
            requiredWhen: { path: `${path}.giayTo.loai`, equals: '8' },
          }),
          text(`${path}.giayTo.so`, 'Số giấy tờ'),
          date(`${path}.giayTo.ngayCap`, 'Ngày cấp'),
          text(`${path}.giayTo.noiCap`, 'Nơi cấp', { copyable: true }),
        ],
      },
    ],
  };
}

/** An event registered abroad first (ghi vào sổ): shown only for that kind of registration. */
export function foreignRegistrationLayout(path: string, when: { path: string; equals: string }): LayoutItem {
  return {
    kind: 'group',
    legend: 'Đã đăng ký tại cơ quan có thẩm quyền nước ngoài',
    when,
    items: [
      {
        kind: 'row',
        fields: [
          text(`${path}.so`, 'Số đăng ký nước ngoài'),
          date(`${path}.ngay`, 'Ngày đăng ký nước ngoài'),
          text(`${path}.coQuan`, 'Cơ quan nước ngoài đã đăng ký', { size: 'wide' }),
          { kind: 'nationality', path: `${path}.quocGia`, label: 'Quốc gia' },
        ],
      },
    ],
  };
}

export const blankBtpRequester = () => ({
  hoTen: '',
  quanHe: '',
  giayTo: { loai: '', so: '', ngayCap: '', noiCap: '', khac: '' },
});
export const blankForeignRegistration = () => ({ so: '', ngay: '', coQuan: '', quocGia: '' });
