/** "Thêm sổ": the book's particulars as printed, and its scan files. */
import { zodResolver } from '@hookform/resolvers/zod';
import { useId, useState } from 'react';
import { useForm } from 'react-hook-form';
import { bookMetadataSchema, type SkippedFile } from '../../shared/books/book';
import { BOOK_TYPES } from '../../shared/catalogs/book-types';
import { api, messageOf } from '../api/client';
import { JobCancelledError } from '../api/jobs';
import { setNotice } from '../app/notice';
import { FieldError } from '../records/FieldError';
import { BookFields, bindField, type BookFormOutput, type BookFormValues } from './BookFields';
import { describeSkipped, ImportProgress, ScanFilePicker, useScanImport } from '../scans/ScanImport';

interface Props {
  onCancel: () => void;
  onCreated: (bookId: string) => void;
}

export function AddBookForm({ onCancel, onCreated }: Props) {
  const id = useId();
  const [files, setFiles] = useState<File[]>([]);
  const [fileError, setFileError] = useState<string>();
  const [failure, setFailure] = useState<{ message: string; skipped: SkippedFile[] }>();
  const importer = useScanImport();
  const {
    register,
    control,
    handleSubmit,
    formState: { errors },
  } = useForm<BookFormValues, unknown, BookFormOutput>({
    resolver: zodResolver(bookMetadataSchema),
    defaultValues: { type: 'GH', office: '', volume: '', officeCode: '', openedOn: '', closedOn: '' },
  });

  const submit = handleSubmit(async (metadata) => {
    setFailure(undefined);
    if (files.length === 0) {
      setFileError('Chọn ít nhất một tệp scan (PDF hoặc ảnh)');
      return;
    }
    try {
      const report = await importer.run(files, (staged) => api.call('books.create', { ...metadata, files: staged }));
      const skipped = describeSkipped(report);
      if (skipped) setNotice(`Đã tạo sổ. ${skipped}`);
      onCreated(report.book.id);
    } catch (error) {
      if (error instanceof JobCancelledError) {
        setFailure({ message: 'Đã hủy nhập sổ; chưa có gì được lưu.', skipped: [] });
        return;
      }
      const skipped = ((error as { details?: { skipped?: SkippedFile[] } }).details?.skipped ?? []) as SkippedFile[];
      setFailure({ message: messageOf(error), skipped });
    }
  });

  const bind = (name: string, error?: { message?: string }) => bindField(id, name, error);

  return (
    <form className="card add-book" onSubmit={submit} aria-labelledby={`${id}-title`} noValidate>
      <h2 id={`${id}-title`}>Thêm sổ</h2>
      <div className="field">
        <label htmlFor={`${id}-type`}>Loại sổ</label>
        <select {...bind('type', errors.type)} {...register('type')}>
          {BOOK_TYPES.map((t) => (
            <option key={t.code} value={t.code}>
              {t.name}
            </option>
          ))}
        </select>
        <FieldError id={`${id}-type-error`} message={errors.type?.message} />
      </div>
      <BookFields id={id} register={register} control={control} errors={errors} />
      <ScanFilePicker
        files={files}
        error={fileError}
        onChange={(picked) => {
          setFileError(undefined);
          setFiles(picked);
        }}
      />
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
      <ImportProgress state={importer.state} />
      <div className="actions">
        <button type="submit" className="primary" disabled={importer.state.running}>
          {importer.state.running ? 'Đang nhập sổ…' : 'Tạo sổ'}
        </button>
        <button type="button" onClick={onCancel} disabled={importer.state.running}>
          Đóng
        </button>
      </div>
    </form>
  );
}
