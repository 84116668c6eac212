/**
 * The four typed-in books, laid out as they are printed (TT 15/2015; TT 04/2020 keeps the
 * blocks): the registration fields, then each block in the book's order.
 */
import {
  CHANGE_KINDS,
  CIVIL_STATUS_DOCUMENTS,
  DIVORCE_KINDS,
  DIVORCE_SOURCES,
  TERMINATION_KINDS,
  TERMINATION_REASONS,
} from '../../shared/catalogs/pick-lists';
import { blankPerson } from '../../shared/records/fields';
import type { TypedInBookType } from '../../shared/records/registry';
import {
  blankRegistrant,
  blankRegistration as common,
  date,
  personLayout as person,
  registrantLayout as registrant,
  registrationLayout as registration,
  signatureLayout as signature,
  text,
  withoutBirthPlace,
  withoutResidence,
} from '../../shared/book-types/blocks';
import { guardiansLayout as guardians, wardLayout as ward } from '../../shared/book-types/gh';
import { BOOK_TYPE_DEFINITIONS } from '../../shared/book-types/registry';
import type { FormLayout } from './form/spec';

export const LAYOUTS: Record<TypedInBookType, FormLayout> = {
  GH: BOOK_TYPE_DEFINITIONS.GH.layout,
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
