/** "Thông tin sổ": a book's details corrected after import (its type stays: entries use its form). */
import { zodResolver } from '@hookform/resolvers/zod';
import { useId, useState } from 'react';
import { Controller, useForm, type FieldPath } from 'react-hook-form';
import { ApiCallError } from '../../shared/api/errors';
import { bookMetadataSchema, type BookDetail } from '../../shared/books/book';
import { bookTypeName, LEGAL_PERIODS } from '../../shared/catalogs/book-types';
import { z } from '../../shared/zod';
import { api, messageOf } from '../api/client';
import { FieldError } from '../records/FieldError';
import { PartialDateInput } from '../records/PartialDateInput';

const detailsSchema = bookMetadataSchema.omit({ type: true });
type Details = z.input<typeof detailsSchema>;

interface Props {
  book: BookDetail;
  onSaved: (book: BookDetail) => void;
  onClose: () => void;
}

export function BookDetailsForm({ book, onSaved, onClose }: Props) {
  const id = useId();
  const [status, setStatus] = useState<{ tone: 'error' | 'info'; text: string }>();
  const {
    register,
    control,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<Details, unknown, z.output<typeof detailsSchema>>({
    resolver: zodResolver(detailsSchema),
    defaultValues: {
      office: book.office,
      officeCode: book.officeCode ?? '',
      volume: book.volume,
      yearOpened: book.yearOpened,
      openedOn: book.openedOn ?? '',
      closedOn: book.closedOn ?? '',
      period: book.period,
      notes: book.notes ?? '',
    },
  });

  const submit = handleSubmit(async (details) => {
    setStatus(undefined);
    try {
      const saved = await api.call('books.update', { id: book.id, expectedVersion: book.version, ...details });
      setStatus({ tone: 'info', text: 'Đã lưu thông tin sổ.' });
      onSaved(saved);
    } catch (error) {
      if (error instanceof ApiCallError && error.details?.issues) {
        for (const issue of error.details.issues)
          setError(issue.path as FieldPath<Details>, { message: issue.message });
      }
      setStatus({ tone: 'error', text: messageOf(error) });
    }
  });

  const bind = (name: string, error?: { message?: string }) => ({
    id: `${id}-${name}`,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': `${id}-${name}-error`,
  });

  return (
    <form className="card book-details" onSubmit={submit} aria-labelledby={`${id}-title`} noValidate>
      <h2 id={`${id}-title`}>Thông tin sổ</h2>
      <p>Loại sổ: {bookTypeName(book.type)} (không đổi được: các trường hợp đã nhập theo mẫu của loại sổ này).</p>
      <div className="field">
        <label htmlFor={`${id}-office`}>Cơ quan đăng ký hộ tịch (như in trên sổ)</label>
        <input {...bind('office', errors.office)} {...register('office')} />
        <FieldError id={`${id}-office-error`} message={errors.office?.message} />
      </div>
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${id}-volume`}>Quyển số</label>
          <input {...bind('volume', errors.volume)} {...register('volume')} />
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
      <div className="field">
        <label htmlFor={`${id}-notes`}>Ghi chú về sổ</label>
        <textarea {...bind('notes', errors.notes)} rows={2} {...register('notes')} />
        <FieldError id={`${id}-notes-error`} message={errors.notes?.message} />
      </div>
      {status && (
        <p
          role={status.tone === 'error' ? 'alert' : 'status'}
          className={status.tone === 'error' ? 'error-box' : 'info-box'}
        >
          {status.text}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={isSubmitting}>
          {isSubmitting ? 'Đang lưu…' : 'Lưu thông tin sổ'}
        </button>
        <button type="button" onClick={onClose}>
          Đóng
        </button>
      </div>
    </form>
  );
}
