/** "Thông tin sổ": a book's details corrected after import (its type stays: entries use its form). */
import { zodResolver } from '@hookform/resolvers/zod';
import { useId, useState } from 'react';
import { useForm, type FieldPath } from 'react-hook-form';
import { ApiCallError } from '../../shared/api/errors';
import { bookMetadataSchema, type BookDetail } from '../../shared/books/book';
import { bookTypeName } from '../../shared/catalogs/book-types';
import { api, messageOf } from '../api/client';
import { FieldError } from '../records/FieldError';
import { BookFields, bindField, type BookFormOutput, type BookFormValues } from './BookFields';

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
  } = useForm<BookFormValues, unknown, BookFormOutput>({
    // The type is kept as it is (entries use its form); the rest is checked as at creation.
    resolver: zodResolver(bookMetadataSchema),
    defaultValues: {
      type: book.type,
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

  const submit = handleSubmit(async ({ type: _type, ...details }) => {
    setStatus(undefined);
    try {
      const saved = await api.call('books.update', { id: book.id, expectedVersion: book.version, ...details });
      setStatus({ tone: 'info', text: 'Đã lưu thông tin sổ.' });
      onSaved(saved);
    } catch (error) {
      if (error instanceof ApiCallError && error.details?.issues) {
        for (const issue of error.details.issues)
          setError(issue.path as FieldPath<BookFormValues>, { message: issue.message });
      }
      setStatus({ tone: 'error', text: messageOf(error) });
    }
  });

  const bind = (name: string, error?: { message?: string }) => bindField(id, name, error);

  return (
    <form className="card book-details" onSubmit={submit} aria-labelledby={`${id}-title`} noValidate>
      <h2 id={`${id}-title`}>Thông tin sổ</h2>
      <p>Loại sổ: {bookTypeName(book.type)} (không đổi được: các trường hợp đã nhập theo mẫu của loại sổ này).</p>
      <BookFields id={id} register={register} control={control} errors={errors} />
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
