/** "Thêm sổ": the book's particulars as printed, and its scan files. */
import { zodResolver } from '@hookform/resolvers/zod';
import { useId, useState } from 'react';
import { useForm } from 'react-hook-form';
import { bookMetadataSchema, type BookMetadata, type SkippedFile } from '../../shared/books/book';
import { BOOK_TYPES } from '../../shared/catalogs/book-types';
import { api, messageOf } from '../api/client';
import { setNotice } from '../app/notice';
import { FieldError } from '../records/FieldError';

interface Props {
  onCancel: () => void;
  onCreated: (bookId: string) => void;
}

export function AddBookForm({ onCancel, onCreated }: Props) {
  const id = useId();
  const [files, setFiles] = useState<File[]>([]);
  const [fileError, setFileError] = useState<string>();
  const [failure, setFailure] = useState<{ message: string; skipped: SkippedFile[] }>();
  const {
    register,
    handleSubmit,
    formState: { errors, isSubmitting },
  } = useForm<BookMetadata>({
    resolver: zodResolver(bookMetadataSchema),
    defaultValues: { type: 'GH', office: '', volume: '', officeCode: '' },
  });

  const submit = handleSubmit(async (metadata) => {
    setFailure(undefined);
    if (files.length === 0) {
      setFileError('Chọn ít nhất một tệp scan (PDF hoặc ảnh)');
      return;
    }
    try {
      const staged = [];
      for (const file of files) staged.push(await api.stageFile(file));
      const report = await api.call('books.create', { ...metadata, files: staged });
      if (report.skipped.length > 0) {
        setNotice(`Đã tạo sổ. Tệp bị bỏ qua: ${report.skipped.map((s) => `${s.name} (${s.message})`).join('; ')}`);
      }
      onCreated(report.book.id);
    } catch (error) {
      const skipped = ((error as { details?: { skipped?: SkippedFile[] } }).details?.skipped ?? []) as SkippedFile[];
      setFailure({ message: messageOf(error), skipped });
    }
  });

  return (
    <form className="card add-book" onSubmit={submit} aria-labelledby={`${id}-title`} noValidate>
      <h2 id={`${id}-title`}>Thêm sổ</h2>
      <div className="field">
        <label htmlFor={`${id}-type`}>Loại sổ</label>
        <select id={`${id}-type`} {...register('type')}>
          {BOOK_TYPES.map((t) => (
            <option key={t.code} value={t.code}>
              {t.name}
            </option>
          ))}
        </select>
        <FieldError id={`${id}-type-error`} message={errors.type?.message} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-office`}>Cơ quan đăng ký hộ tịch (như in trên sổ)</label>
        <input
          id={`${id}-office`}
          {...register('office')}
          aria-invalid={errors.office ? true : undefined}
          aria-describedby={`${id}-office-error`}
        />
        <FieldError id={`${id}-office-error`} message={errors.office?.message} />
      </div>
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${id}-volume`}>Quyển số</label>
          <input
            id={`${id}-volume`}
            placeholder="01/2018"
            {...register('volume')}
            aria-invalid={errors.volume ? true : undefined}
            aria-describedby={`${id}-volume-error`}
          />
          <FieldError id={`${id}-volume-error`} message={errors.volume?.message} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-year`}>Năm mở sổ</label>
          <input
            id={`${id}-year`}
            inputMode="numeric"
            {...register('yearOpened', { valueAsNumber: true })}
            aria-invalid={errors.yearOpened ? true : undefined}
            aria-describedby={`${id}-year-error`}
          />
          <FieldError id={`${id}-year-error`} message={errors.yearOpened?.message} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-code`}>Mã ĐVHC (không bắt buộc)</label>
          <input
            id={`${id}-code`}
            inputMode="numeric"
            {...register('officeCode')}
            aria-invalid={errors.officeCode ? true : undefined}
            aria-describedby={`${id}-code-error`}
          />
          <FieldError id={`${id}-code-error`} message={errors.officeCode?.message} />
        </div>
      </div>
      <div className="field">
        <label htmlFor={`${id}-files`}>Tệp scan (PDF hoặc ảnh JPG, PNG, TIFF)</label>
        <input
          id={`${id}-files`}
          type="file"
          multiple
          accept=".pdf,.jpg,.jpeg,.png,.tif,.tiff,application/pdf,image/*"
          aria-describedby={`${id}-files-error`}
          onChange={(e) => {
            setFileError(undefined);
            setFiles(Array.from(e.target.files ?? []));
          }}
        />
        <FieldError id={`${id}-files-error`} message={fileError} />
      </div>
      {failure && (
        <div role="alert" className="error-box">
          <p>{failure.message}</p>
          {failure.skipped.length > 0 && (
            <ul>
              {failure.skipped.map((s) => (
                <li key={s.name}>
                  {s.name}: {s.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={isSubmitting}>
          {isSubmitting ? 'Đang nhập sổ…' : 'Tạo sổ'}
        </button>
        <button type="button" onClick={onCancel} disabled={isSubmitting}>
          Hủy
        </button>
      </div>
    </form>
  );
}
