/** "Thêm sổ": the book's particulars as printed, and its scan files. */
import { zodResolver } from '@hookform/resolvers/zod';
import { useId, useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { bookMetadataSchema, type BookMetadata, type SkippedFile } from '../../shared/books/book';
import { BOOK_TYPES, LEGAL_PERIODS } from '../../shared/catalogs/book-types';
import { api, messageOf } from '../api/client';
import { JobCancelledError } from '../api/jobs';
import { setNotice } from '../app/notice';
import { FieldError } from '../records/FieldError';
import { PartialDateInput } from '../records/PartialDateInput';
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
  } = useForm<BookMetadata>({
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

  const bind = (name: string, error?: { message?: string }) => ({
    id: `${id}-${name}`,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': `${id}-${name}-error`,
  });

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
