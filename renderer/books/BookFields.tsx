/**
 * A book's particulars as printed (office, volume, year, mã ĐVHC, dates, period): one set of
 * fields for "Thêm sổ" and for "Thông tin sổ", bound to the same form values.
 */
import { Controller, type Control, type FieldErrors, type UseFormRegister } from 'react-hook-form';
import type { BookMetadata, bookMetadataSchema } from '../../shared/books/book';
import { LEGAL_PERIODS } from '../../shared/catalogs/book-types';
import type { z } from '../../shared/zod';
import { FieldError } from '../records/FieldError';
import { PartialDateInput } from '../records/PartialDateInput';

/** What both book forms hold: the metadata schema's input (its output is `BookMetadata`). */
export type BookFormValues = z.input<typeof bookMetadataSchema>;
export type BookFormOutput = BookMetadata;

interface Props {
  /** The form's `useId()`: field ids are `${id}-office`, `${id}-volume` … */
  id: string;
  register: UseFormRegister<BookFormValues>;
  control: Control<BookFormValues, unknown, BookFormOutput>;
  errors: FieldErrors<BookFormValues>;
}

export function bindField(id: string, name: string, error?: { message?: string }) {
  return {
    id: `${id}-${name}`,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': `${id}-${name}-error`,
  };
}

export function BookFields({ id, register, control, errors }: Props) {
  const bind = (name: string, error?: { message?: string }) => bindField(id, name, error);
  return (
    <>
      <div className="field">
        <label htmlFor={`${id}-office`}>Cơ quan đăng ký hộ tịch (như in trên sổ)</label>
        <input {...bind('office', errors.office)} {...register('office')} />
        <FieldError id={`${id}-office-error`} message={errors.office?.message} />
      </div>
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${id}-volume`}>Quyển số</label>
          <input {...bind('volume', errors.volume)} placeholder="01/2018" {...register('volume')} />
          <FieldError id={`${id}-volume-error`} message={errors.volume?.message} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-year`}>Năm mở sổ</label>
          <input
            {...bind('year', errors.yearOpened)}
            inputMode="numeric"
            {...register('yearOpened', { valueAsNumber: true })}
          />
          <FieldError id={`${id}-year-error`} message={errors.yearOpened?.message} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-code`}>Mã ĐVHC (không bắt buộc)</label>
          <input {...bind('code', errors.officeCode)} inputMode="numeric" {...register('officeCode')} />
          <FieldError id={`${id}-code-error`} message={errors.officeCode?.message} />
        </div>
      </div>
      <div className="field-row">
        {(['openedOn', 'closedOn'] as const).map((name) => (
          <div className="field" key={name}>
            <label htmlFor={`${id}-${name}`}>{name === 'openedOn' ? 'Mở sổ ngày' : 'Khóa sổ ngày'} (nếu có)</label>
            <Controller
              control={control}
              name={name}
              render={({ field }) => (
                <PartialDateInput
                  {...bind(name, errors[name])}
                  ref={field.ref}
                  name={field.name}
                  value={field.value}
                  onChange={field.onChange}
                  onBlur={field.onBlur}
                />
              )}
            />
            <FieldError id={`${id}-${name}-error`} message={errors[name]?.message} />
          </div>
        ))}
        <div className="field">
          <label htmlFor={`${id}-period`}>Nhóm sổ</label>
          <select {...bind('period', errors.period)} {...register('period')}>
            <option value="">Theo năm mở sổ</option>
            {LEGAL_PERIODS.map((p) => (
              <option key={p.code} value={p.code}>
                {p.name}
              </option>
            ))}
          </select>
          <FieldError id={`${id}-period-error`} message={errors.period?.message} />
        </div>
      </div>
    </>
  );
}
