/**
 * The four typed-in books, laid out as they are printed (TT 15/2015; TT 04/2020 keeps the
 * blocks): the registration fields, then each block in the book's order.
 */
import {
  CHANGE_KINDS,
  CIVIL_STATUS_DOCUMENTS,
  DIVORCE_KINDS,
  DIVORCE_SOURCES,
  GUARDIANSHIP_KINDS,
  TERMINATION_KINDS,
  TERMINATION_REASONS,
} from '../../shared/catalogs/pick-lists';
import { blankPerson } from '../../shared/records/fields';
import type { TypedInBookType } from '../../shared/records/registry';
import type { FieldSpec, FormLayout, LayoutItem } from './form/spec';

const text = (path: string, label: string, extra: Partial<FieldSpec> = {}): FieldSpec => ({
  kind: 'text',
  path,
  label,
  ...extra,
});
const date = (path: string, label: string, extra: Partial<FieldSpec> = {}): FieldSpec => ({
  kind: 'date',
  path,
  label,
  ...extra,
});

function registration(dateLabel: string): LayoutItem {
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
const signature: LayoutItem = {
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

interface PersonOptions {
  birthPlace?: boolean;
  residence?: boolean;
  /** `$` inside a list item. */
  prefix: string;
}

/** A person block (ho-tich.md §3), in the order the books print it. */
function person({ prefix, birthPlace = false, residence = true }: PersonOptions): LayoutItem[] {
  const p = (name: string) => `${prefix}.${name}`;
  return [
    text(p('hoTen'), 'Họ, chữ đệm, tên', { required: true, size: 'wide' }),
    {
      kind: 'row',
      fields: [
        date(p('ngaySinh'), 'Ngày, tháng, năm sinh'),
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

function registrant(path: string, legend: string, withRelationship: boolean): LayoutItem {
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

const blankId = () => ({ loai: '', so: '', ngayCap: '', noiCap: '' });
const blankRegistrant = () => ({ hoTen: '', giayTo: blankId() });
const common = () => ({
  so: '',
  quyenSo: '',
  trangSo: 1,
  ngayDangKy: '',
  nguoiKy: '',
  chucVuNguoiKy: '',
  nguoiThucHien: '',
  ghiChu: '',
});
const withoutResidence = () => {
  const { noiCuTru: _r, noiSinh: _s, ...rest } = blankPerson();
  return rest;
};
const withoutBirthPlace = () => {
  const { noiSinh: _s, ...rest } = blankPerson();
  return rest;
};

const guardians = (residence: boolean): LayoutItem => ({
  kind: 'list',
  path: 'nguoiGiamHo',
  legend: (i) => (i === 0 ? 'Người giám hộ' : 'Người giám hộ thứ hai'),
  min: 1,
  max: 2,
  addLabel: 'Thêm người giám hộ thứ hai (giám hộ chung)',
  blank: residence ? withoutBirthPlace : withoutResidence,
  items: person({ prefix: '$', residence }),
});

const ward: LayoutItem = {
  kind: 'group',
  legend: 'Người được giám hộ',
  items: person({ prefix: 'nguoiDuocGiamHo', birthPlace: true }),
};

export const LAYOUTS: Record<TypedInBookType, FormLayout> = {
  GH: {
    title: 'Trường hợp đăng ký giám hộ',
    blank: () => ({
      ...common(),
      loaiGiamHo: '',
      nguoiGiamHo: [withoutBirthPlace()],
      nguoiDuocGiamHo: blankPerson(),
      nguoiDiDangKy: blankRegistrant(),
      vanBanCu: { so: '', ngay: '', coQuan: '' },
      canCu: '',
      lyDo: '',
    }),
    items: [
      registration('Ngày, tháng, năm đăng ký'),
      { kind: 'select', path: 'loaiGiamHo', label: 'Loại giám hộ', options: GUARDIANSHIP_KINDS, required: true },
      guardians(true),
      ward,
      registrant('nguoiDiDangKy', 'Người đi đăng ký giám hộ', false),
      {
        kind: 'group',
        legend: 'Giám hộ cử: văn bản cử người giám hộ',
        when: { path: 'loaiGiamHo', equals: 'cu' },
        items: [
          {
            kind: 'row',
            fields: [
              text('vanBanCu.so', 'Số văn bản'),
              date('vanBanCu.ngay', 'Ngày văn bản'),
              text('vanBanCu.coQuan', 'Cơ quan cử'),
            ],
          },
          { kind: 'row', fields: [text('canCu', 'Căn cứ', { size: 'wide' }), text('lyDo', 'Lý do', { size: 'wide' })] },
        ],
      },
      signature,
    ],
  },
  CDGH: {
    title: 'Trường hợp đăng ký chấm dứt giám hộ',
    blank: () => ({
      ...common(),
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
      registration('Ngày, tháng, năm đăng ký'),
      {
        kind: 'group',
        legend: 'Việc giám hộ được chấm dứt',
        items: [
          { kind: 'custom', render: 'gh-link' },
          {
            kind: 'row',
            fields: [
              text('dangKyGiamHo.so', 'Đăng ký giám hộ số'),
              date('dangKyGiamHo.ngay', 'Ngày đăng ký giám hộ'),
              text('dangKyGiamHo.noiDangKy', 'Tại (nơi đăng ký)', { size: 'wide' }),
            ],
          },
        ],
      },
      guardians(false),
      ward,
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
          text('lyDoKhac', 'Lý do khác (ghi rõ)', { size: 'wide' }),
        ],
      },
      registrant('nguoiDiDangKy', 'Người đi đăng ký chấm dứt giám hộ', false),
      signature,
    ],
  },
  LH: {
    title: 'Trường hợp ghi chú ly hôn',
    blank: () => ({
      ...common(),
      loaiViec: '',
      nguon: 'nuoc-ngoai',
      chong: withoutBirthPlace(),
      vo: withoutBirthPlace(),
      ketHon: { so: '', ngay: '', noiDangKy: '' },
      banAn: { so: '', ngay: '', ngayHieuLuc: '', coQuan: '', quocGia: '' },
      noiDung: '',
      nguoiYeuCau: { ...blankRegistrant(), quanHe: '' },
    }),
    items: [
      registration('Ngày ghi chú'),
      {
        kind: 'row',
        fields: [
          { kind: 'select', path: 'loaiViec', label: 'Loại việc', options: DIVORCE_KINDS, required: true },
          { kind: 'select', path: 'nguon', label: 'Nguồn', options: DIVORCE_SOURCES },
        ],
      },
      { kind: 'group', legend: 'Bên chồng', items: person({ prefix: 'chong' }) },
      { kind: 'group', legend: 'Bên vợ', items: person({ prefix: 'vo' }) },
      {
        kind: 'group',
        legend: 'Đã đăng ký kết hôn (giấy chứng nhận kết hôn / ghi chú kết hôn)',
        items: [
          {
            kind: 'row',
            fields: [
              text('ketHon.so', 'Số'),
              date('ketHon.ngay', 'Ngày đăng ký'),
              text('ketHon.noiDangKy', 'Nơi đăng ký', { size: 'wide' }),
            ],
          },
        ],
      },
      {
        kind: 'group',
        legend: 'Bản án / Quyết định',
        items: [
          {
            kind: 'row',
            fields: [
              text('banAn.so', 'Số', { required: true }),
              date('banAn.ngay', 'Ngày', { required: true }),
              date('banAn.ngayHieuLuc', 'Ngày có hiệu lực'),
            ],
          },
          {
            kind: 'row',
            fields: [
              text('banAn.coQuan', 'Cơ quan (tòa án…)', { required: true, size: 'wide' }),
              { kind: 'nationality', path: 'banAn.quocGia', label: 'Quốc gia', required: true },
            ],
          },
        ],
      },
      { kind: 'textarea', path: 'noiDung', label: 'Nội dung (con chung, tài sản…)', size: 'wide' },
      registrant('nguoiYeuCau', 'Người yêu cầu ghi chú', true),
      signature,
    ],
  },
  TD: {
    title: 'Trường hợp thay đổi, cải chính, bổ sung hộ tịch, xác định lại dân tộc',
    blank: () => ({
      ...common(),
      loaiThayDoi: [],
      nguoi: withoutBirthPlace(),
      giayToHoTich: { loai: '', so: '', ngayCap: '', noiCap: '' },
      thayDoi: [{ truong: '', tu: '', thanh: '' }],
      lyDo: '',
      canCu: '',
      nguoiDiDangKy: { ...blankRegistrant(), quanHe: '' },
    }),
    items: [
      registration('Ngày, tháng, năm đăng ký'),
      { kind: 'checkboxes', path: 'loaiThayDoi', label: 'Loại việc', options: CHANGE_KINDS, required: true },
      {
        kind: 'group',
        legend: 'Người được thay đổi, cải chính, bổ sung, xác định lại dân tộc',
        items: person({ prefix: 'nguoi' }),
      },
      {
        kind: 'group',
        legend: 'Giấy tờ hộ tịch được thay đổi',
        items: [
          {
            kind: 'row',
            fields: [
              { kind: 'select', path: 'giayToHoTich.loai', label: 'Tên giấy tờ', options: CIVIL_STATUS_DOCUMENTS },
              text('giayToHoTich.so', 'Số'),
              date('giayToHoTich.ngayCap', 'Ngày cấp'),
              text('giayToHoTich.noiCap', 'Nơi cấp'),
            ],
          },
        ],
      },
      {
        kind: 'list',
        path: 'thayDoi',
        legend: (i) => `Nội dung thay đổi ${i + 1}`,
        min: 1,
        max: 20,
        addLabel: 'Thêm nội dung thay đổi',
        blank: () => ({ truong: '', tu: '', thanh: '' }),
        items: [
          {
            kind: 'row',
            fields: [
              { kind: 'changedField', path: '$.truong', label: 'Nội dung được thay đổi (ô)' },
              text('$.tu', 'Từ'),
              text('$.thanh', 'Thành'),
            ],
          },
        ],
      },
      { kind: 'row', fields: [text('lyDo', 'Lý do', { size: 'wide' }), text('canCu', 'Căn cứ', { size: 'wide' })] },
      registrant('nguoiDiDangKy', 'Người đi đăng ký', true),
      signature,
    ],
  },
};
