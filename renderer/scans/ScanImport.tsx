/**
 * Choosing scan files (several PDFs, page photos, or a whole folder) and following their import:
 * files are ordered by name as people count (2 before 10), uploaded, then read by a backend job
 * whose progress is shown with a cancel button.
 */
import { useId, useRef, useState, type InputHTMLAttributes } from 'react';
import type { BookImportReport } from '../../shared/books/book';
import type { JobProgress, JobStarted } from '../../shared/jobs/job';
import { sortByName } from '../../shared/text/natural-sort';
import { api } from '../api/client';
import { followJob, JobCancelledError, type RunningJob } from '../api/jobs';

const SCAN_EXTENSIONS = /\.(pdf|jpe?g|png|tiff?)$/i;

/**
 * A file picker that speaks Vietnamese: the browser's own <input type=file> says "Choose File" in
 * the browser's language, so it stays hidden (still labelled, still what a test or a screen reader
 * finds by its label) behind a Vietnamese button that opens it.
 */
function FileButton({
  id,
  button,
  chosen,
  inputProps,
  onPick,
}: {
  id: string;
  button: string;
  chosen?: number;
  inputProps: InputHTMLAttributes<HTMLInputElement>;
  onPick: (files: FileList | null) => void;
}) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <div className="file-button">
      <input
        {...inputProps}
        ref={input}
        id={id}
        type="file"
        className="visually-hidden"
        tabIndex={-1}
        onChange={(e) => onPick(e.target.files)}
      />
      <button
        type="button"
        aria-describedby={chosen !== undefined ? `${id}-chosen` : undefined}
        onClick={() => input.current?.click()}
      >
        {button}
      </button>
      {chosen !== undefined && (
        <span id={`${id}-chosen`} className="hint">
          {chosen > 0 ? `Đã chọn ${chosen} tệp` : 'Chưa chọn tệp nào'}
        </span>
      )}
    </div>
  );
}

export function ScanFilePicker({
  files,
  onChange,
  error,
}: {
  files: File[];
  onChange: (files: File[]) => void;
  error?: string;
}) {
  const id = useId();
  const pick = (list: FileList | null) =>
    onChange(
      sortByName(
        Array.from(list ?? []).filter((f) => SCAN_EXTENSIONS.test(f.name) || f.type),
        (f) => f.name,
      ),
    );
  return (
    <div className="scan-picker">
      <div className="field">
        <label htmlFor={`${id}-files`}>Tệp scan (PDF hoặc ảnh JPG, PNG, TIFF)</label>
        <FileButton
          id={`${id}-files`}
          button="Chọn tệp…"
          chosen={files.length}
          inputProps={{
            multiple: true,
            accept: '.pdf,.jpg,.jpeg,.png,.tif,.tiff,application/pdf,image/*',
            'aria-describedby': `${id}-error`,
          }}
          onPick={pick}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-folder`}>Hoặc cả thư mục ảnh chụp các trang</label>
        <FileButton
          id={`${id}-folder`}
          button="Chọn thư mục…"
          inputProps={{ ...({ webkitdirectory: '', directory: '' } as InputHTMLAttributes<HTMLInputElement>) }}
          onPick={pick}
        />
      </div>
      <p id={`${id}-error`} className="field-message error" role={error ? 'alert' : undefined}>
        {error ?? ''}
      </p>
      {files.length > 0 && (
        <details className="file-order">
          <summary>
            {files.length} tệp, theo thứ tự: {files[0]!.name}
            {files.length > 1 ? ` … ${files[files.length - 1]!.name}` : ''}
          </summary>
          <ol>
            {files.map((f) => (
              <li key={`${f.name}-${f.size}`}>{f.name}</li>
            ))}
          </ol>
        </details>
      )}
    </div>
  );
}

export interface ImportState {
  progress?: JobProgress;
  running: boolean;
  cancel?: () => void;
}

/** Uploads the files, starts the job with their staged ids, and follows it. */
export function useScanImport() {
  const [state, setState] = useState<ImportState>({ running: false });

  async function run(files: File[], start: (staged: { stagedId: string }[]) => Promise<JobStarted>) {
    let job: RunningJob<'books.import'> | undefined;
    let cancelled = false;
    setState({
      running: true,
      progress: { done: 0, total: files.length, message: 'Đang chuẩn bị tệp…' },
      cancel: () => {
        cancelled = true;
        job?.cancel();
      },
    });
    try {
      const staged = [];
      for (const [i, file] of files.entries()) {
        if (cancelled) throw new JobCancelledError();
        setState((s) => ({
          ...s,
          progress: { done: i, total: files.length, message: `Đang chuẩn bị tệp ${file.name}` },
        }));
        staged.push(await api.stageFile(file));
      }
      if (cancelled) throw new JobCancelledError();
      job = followJob('books.import', start(staged), (progress) => setState((s) => ({ ...s, progress })));
      return await job.result;
    } finally {
      setState({ running: false });
    }
  }

  return { state, run };
}

export function ImportProgress({ state }: { state: ImportState }) {
  if (!state.running || !state.progress) return null;
  const { done, total, message } = state.progress;
  return (
    <div className="import-progress" role="status">
      <label>
        {message || 'Đang nhập…'}
        <progress max={Math.max(total, 1)} value={done} aria-label="Tiến độ nhập tệp scan">
          {done}/{total}
        </progress>
      </label>
      <span>
        {done}/{total} tệp
      </span>
      {state.cancel && (
        <button type="button" onClick={state.cancel}>
          Hủy nhập
        </button>
      )}
    </div>
  );
}

export function describeSkipped(report: BookImportReport): string | undefined {
  if (report.skipped.length === 0) return undefined;
  return `Tệp bị bỏ qua: ${report.skipped.map((s) => `${s.name} (${s.message})`).join('; ')}`;
}
