/**
 * GH — the guardianship entry form, laid out like the printed book: registration fields,
 * the guardian, the ward. Validated with the same shared schema the backend applies.
 */
import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useId, useState } from 'react';
import { Controller, useForm, type FieldPath } from 'react-hook-form';
import { ApiCallError, type FieldIssue } from '../../shared/api/errors';
import { GUARDIANSHIP_KINDS } from '../../shared/catalogs/people';
import { ghRecordSchema, type GhRecord } from '../../shared/records/gh';
import type { NormRect } from '../../shared/viewer/geometry';
import { api, messageOf } from '../api/client';
import { FieldError } from './FieldError';
import { PartialDateInput } from './PartialDateInput';

type GhFormValues = GhRecord;

interface Props {
  bookId: string;
  volume: string;
  pageId: string;
  pageNo: number;
  /** The entry's box on the page, if the clerk drew one. */
  rect?: NormRect;
  onSaved: (result: { id: string; so: string; warnings: FieldIssue[] }) => void;
}

function blankEntry(volume: string, pageNo: number): GhFormValues {
  return {
    so: '',
    quyenSo: volume,
    trangSo: pageNo,
    ngayDangKy: '',
    ngayDangKyKhongRo: false,
    loaiGiamHo: '' as GhFormValues['loaiGiamHo'],
    nguoiGiamHo: [{ hoTen: '', ngaySinh: '' }],
    nguoiDuocGiamHo: { hoTen: '', ngaySinh: '' },
  };
}

export function GhForm({ bookId, volume, pageId, pageNo, rect, onSaved }: Props) {
  const id = useId();
  const [saveError, setSaveError] = useState<string>();
  const {
    register,
    control,
    handleSubmit,
    reset,
    setError,
    setFocus,
    setValue,
    formState: { errors, isSubmitting },
  } = useForm<GhFormValues>({ resolver: zodResolver(ghRecordSchema), defaultValues: blankEntry(volume, pageNo) });

  // The entry is typed from the page on screen: follow it when the clerk turns pages.
  useEffect(() => setValue('trangSo', pageNo), [pageNo, setValue]);

  const submit = handleSubmit(async (data) => {
    setSaveError(undefined);
    try {
      const saved = await api.call('records.create', { bookId, data, pages: [{ pageId, ...(rect ? { rect } : {}) }] });
      reset({ ...blankEntry(volume, pageNo), quyenSo: data.quyenSo });
      onSaved({ id: saved.id, so: saved.so, warnings: saved.warnings });
      setFocus('so');
    } catch (error) {
      if (error instanceof ApiCallError && error.details?.issues) {
        for (const issue of error.details.issues) {
          setError(issue.path as FieldPath<GhFormValues>, { message: issue.message });
        }
      }
      setSaveError(messageOf(error));
    }
  });

  /** Props that bind a control to its label and its message. */
  const a11y = (name: string, error?: { message?: string }) => ({
    id: `${id}-${name}`,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': `${id}-${name}-error`,
  });
  const message = (name: string, error?: { message?: string }) => (
    <FieldError id={`${id}-${name}-error`} message={error?.message} />
  );

  const guardianErrors = errors.nguoiGiamHo?.[0];
  const wardErrors = errors.nguoiDuocGiamHo;

  return (
    <form className="entry-form" onSubmit={submit} noValidate aria-label="Trường hợp đăng ký giám hộ">
      <fieldset>
        <legend>Đăng ký</legend>
        <div className="field-row">
          <div className="field">
            <label htmlFor={`${id}-so`}>Số</label>
            <input {...a11y('so', errors.so)} {...register('so')} autoComplete="off" placeholder="01/2018" />
            {message('so', errors.so)}
          </div>
          <div className="field">
            <label htmlFor={`${id}-quyenSo`}>Quyển số</label>
            <input {...a11y('quyenSo', errors.quyenSo)} {...register('quyenSo')} autoComplete="off" />
            {message('quyenSo', errors.quyenSo)}
          </div>
          <div className="field narrow">
            <label htmlFor={`${id}-trangSo`}>Trang số</label>
            <input
              {...a11y('trangSo', errors.trangSo)}
              {...register('trangSo', { valueAsNumber: true })}
              inputMode="numeric"
              autoComplete="off"
            />
            {message('trangSo', errors.trangSo)}
          </div>
        </div>
        <div className="field-row">
          <div className="field">
            <label htmlFor={`${id}-ngayDangKy`}>Ngày, tháng, năm đăng ký</label>
            <Controller
              control={control}
              name="ngayDangKy"
              render={({ field }) => (
                <PartialDateInput
                  {...a11y('ngayDangKy', errors.ngayDangKy)}
                  ref={field.ref}
                  name={field.name}
                  value={field.value}
                  onChange={field.onChange}
                  onBlur={field.onBlur}
                />
              )}
            />
            {message('ngayDangKy', errors.ngayDangKy)}
          </div>
          <div className="field checkbox">
            <input type="checkbox" id={`${id}-khongRo`} {...register('ngayDangKyKhongRo')} />
            <label htmlFor={`${id}-khongRo`}>Không rõ ngày đăng ký</label>
          </div>
        </div>
        <div className="field">
          <label htmlFor={`${id}-loaiGiamHo`}>Loại giám hộ</label>
          <select {...a11y('loaiGiamHo', errors.loaiGiamHo)} {...register('loaiGiamHo')}>
            <option value="">— Chọn —</option>
            {GUARDIANSHIP_KINDS.map((k) => (
              <option key={k.code} value={k.code}>
                {k.name}
              </option>
            ))}
          </select>
          {message('loaiGiamHo', errors.loaiGiamHo)}
        </div>
      </fieldset>

      <fieldset>
        <legend>Người giám hộ</legend>
        <div className="field">
          <label htmlFor={`${id}-gh-hoTen`}>Họ, chữ đệm, tên</label>
          <input {...a11y('gh-hoTen', guardianErrors?.hoTen)} {...register('nguoiGiamHo.0.hoTen')} autoComplete="off" />
          {message('gh-hoTen', guardianErrors?.hoTen)}
        </div>
        <div className="field">
          <label htmlFor={`${id}-gh-ngaySinh`}>Ngày, tháng, năm sinh</label>
          <Controller
            control={control}
            name="nguoiGiamHo.0.ngaySinh"
            render={({ field }) => (
              <PartialDateInput
                {...a11y('gh-ngaySinh', guardianErrors?.ngaySinh)}
                ref={field.ref}
                name={field.name}
                value={field.value}
                onChange={field.onChange}
                onBlur={field.onBlur}
              />
            )}
          />
          {message('gh-ngaySinh', guardianErrors?.ngaySinh)}
        </div>
      </fieldset>

      <fieldset>
        <legend>Người được giám hộ</legend>
        <div className="field">
          <label htmlFor={`${id}-dgh-hoTen`}>Họ, chữ đệm, tên</label>
          <input {...a11y('dgh-hoTen', wardErrors?.hoTen)} {...register('nguoiDuocGiamHo.hoTen')} autoComplete="off" />
          {message('dgh-hoTen', wardErrors?.hoTen)}
        </div>
        <div className="field">
          <label htmlFor={`${id}-dgh-ngaySinh`}>Ngày, tháng, năm sinh</label>
          <Controller
            control={control}
            name="nguoiDuocGiamHo.ngaySinh"
            render={({ field }) => (
              <PartialDateInput
                {...a11y('dgh-ngaySinh', wardErrors?.ngaySinh)}
                ref={field.ref}
                name={field.name}
                value={field.value}
                onChange={field.onChange}
                onBlur={field.onBlur}
              />
            )}
          />
          {message('dgh-ngaySinh', wardErrors?.ngaySinh)}
        </div>
      </fieldset>

      {saveError && (
        <p role="alert" className="error-box">
          {saveError}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={isSubmitting}>
          {isSubmitting ? 'Đang lưu…' : 'Lưu'}
        </button>
      </div>
    </form>
  );
}
