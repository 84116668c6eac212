/**
 * "Xuất & nghiệm thu": the pre-import check (everything the national import would reject or a
 * reviewer would question, each opening its entry or page), the export of the book (Excel + zip
 * of one PDF per entry, with progress and cancel) into the backend's export folder (shown, never
 * typed: chosen in the main process's dialog in Electron, the data folder's "xuat" in the
 * browser), the confirmations an export needs (a
 * book without mã ĐVHC, replacing an earlier export), "Mở thư mục", and the acceptance report
 * re-read from disk.
 */
import { useEffect, useId, useState } from 'react';
import { ApiCallError } from '../../shared/api/errors';
import type {
  AcceptanceCheck,
  ExportResult,
  PrecheckItem,
  PrecheckReport,
  VerifyReport,
} from '../../shared/export/export';
import { SEVERITY_TEXT, STATUS_TEXT } from '../../shared/export/export';
import { DEFAULT_NAMING } from '../../shared/export/naming';
import type { JobProgress } from '../../shared/jobs/job';
import { api, messageOf } from '../api/client';
import { followJob, JobCancelledError } from '../api/jobs';

function Checks({ checks }: { checks: AcceptanceCheck[] }) {
  return (
    <table className="data-table">
      <thead>
        <tr>
          <th scope="col">Kiểm tra</th>
          <th scope="col">Kết quả</th>
          <th scope="col">Cần có</th>
          <th scope="col">Thực tế</th>
        </tr>
      </thead>
      <tbody>
        {checks.map((c) => (
          <tr key={c.id} className={`check-${c.status}`}>
            <td>
              {c.label}
              {c.details && c.details.length > 0 && (
                <ul>
                  {c.details.map((d) => (
                    <li key={d}>{d}</li>
                  ))}
                </ul>
              )}
            </td>
            <td>{STATUS_TEXT[c.status]}</td>
            <td>{c.expected ?? ''}</td>
            <td>{c.actual ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

interface Props {
  bookId: string;
  onOpenEntry: (entryId: string) => void;
  onOpenPage: (pageId: string) => void;
}

export function ExportPanel({ bookId, onOpenEntry, onOpenPage }: Props) {
  const id = useId();
  const [precheck, setPrecheck] = useState<PrecheckReport>();
  const [naming, setNaming] = useState(DEFAULT_NAMING);
  const [progress, setProgress] = useState<JobProgress>();
  const [cancel, setCancel] = useState<() => void>();
  const [result, setResult] = useState<ExportResult>();
  const [verify, setVerify] = useState<VerifyReport>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  /** The backend's export folder (read-only here). */
  const [folder, setFolder] = useState('');
  const [confirmNoCode, setConfirmNoCode] = useState(false);
  const [askNoCode, setAskNoCode] = useState(false);
  /** The backend's message when an earlier export of the book is in the folder. */
  const [askReplace, setAskReplace] = useState<string>();
  const [opened, setOpened] = useState(false);

  useEffect(() => {
    let live = true;
    api
      .call('prefs.get', {})
      .then((prefs) => {
        if (live && prefs.exportDir) setFolder(prefs.exportDir);
      })
      .catch((e: unknown) => live && setError(messageOf(e)));
    return () => {
      live = false;
    };
  }, []);

  const needsCodeConfirmation = askNoCode || (precheck?.needsConfirmation.includes('noOfficeCode') ?? false);

  /** Electron: the main process's dialog chooses and keeps the folder; we only show it. */
  async function pickFolder() {
    if (!api.pickExportFolder) return;
    setError(undefined);
    try {
      const picked = await api.pickExportFolder();
      if (picked) setFolder(picked);
    } catch (e) {
      setError(messageOf(e));
    }
  }

  async function openFolder() {
    setError(undefined);
    try {
      await api.call('export.openFolder', {});
      setOpened(true);
    } catch (e) {
      setError(messageOf(e));
    }
  }

  async function check() {
    setError(undefined);
    try {
      setPrecheck(await api.call('export.precheck', { bookId }));
    } catch (e) {
      setError(messageOf(e));
    }
  }

  async function exportBook(replace = false) {
    setError(undefined);
    setResult(undefined);
    setVerify(undefined);
    setAskReplace(undefined);
    setOpened(false);
    if (needsCodeConfirmation && !confirmNoCode) {
      setError('Sổ chưa có mã ĐVHC: đánh dấu ô xác nhận bên dưới để xuất khi chưa có mã, hoặc nhập mã ĐVHC cho sổ');
      setAskNoCode(true);
      return;
    }
    setBusy(true);
    try {
      const started = api.call('export.book', {
        bookId,
        naming,
        ...(confirmNoCode ? { confirmNoOfficeCode: true } : {}),
        ...(replace ? { replace: true } : {}),
      });
      const job = followJob('export.book', started, setProgress);
      setCancel(() => job.cancel);
      setResult(await job.result);
    } catch (e) {
      const confirm = e instanceof ApiCallError ? e.details?.confirm : undefined;
      if (confirm === 'replace') setAskReplace(messageOf(e));
      else {
        if (confirm === 'noOfficeCode') setAskNoCode(true);
        setError(
          e instanceof JobCancelledError ? 'Đã hủy xuất sổ; bản xuất trước (nếu có) vẫn nguyên vẹn.' : messageOf(e),
        );
      }
    } finally {
      setBusy(false);
      setProgress(undefined);
      setCancel(undefined);
    }
  }

  async function reverify() {
    if (!result) return;
    setError(undefined);
    try {
      setVerify(await api.call('export.verify', { bookId }));
    } catch (e) {
      setError(messageOf(e));
    }
  }

  const open = (item: PrecheckItem) => {
    if (item.entryId) onOpenEntry(item.entryId);
    else if (item.pageId) onOpenPage(item.pageId);
  };

  return (
    <section className="export-panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Xuất sổ và nghiệm thu</h2>
      <div className="actions">
        <button type="button" onClick={() => void check()} disabled={busy}>
          Kiểm tra trước khi xuất
        </button>
      </div>
      {precheck && (
        <section aria-labelledby={`${id}-pre`}>
          <h3 id={`${id}-pre`}>
            {precheck.ok ? 'Không có lỗi chặn xuất' : `${precheck.counts.errors} lỗi cần sửa trước khi xuất`} ·{' '}
            {precheck.counts.warnings} cảnh báo · {precheck.counts.infos} lưu ý · {precheck.counts.entries} trường hợp ·{' '}
            {precheck.counts.pages} trang
          </h3>
          {precheck.items.length > 0 && (
            <ul className="precheck-list">
              {precheck.items.map((item, i) => (
                <li key={i} className={`severity-${item.severity}`}>
                  <span className="severity">{SEVERITY_TEXT[item.severity]}</span>
                  {item.so ? ` Số ${item.so}: ` : ' '}
                  {item.message}{' '}
                  {(item.entryId || item.pageId) && (
                    <button type="button" className="small" onClick={() => open(item)}>
                      Mở {item.entryId ? 'trường hợp' : 'trang'}
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      <div className="field wide">
        <label htmlFor={`${id}-folder`}>Thư mục xuất</label>
        <div className="folder-row">
          <input id={`${id}-folder`} value={folder} readOnly aria-describedby={`${id}-folder-hint`} />
          {api.pickExportFolder && (
            <button type="button" onClick={() => void pickFolder()} disabled={busy}>
              Chọn thư mục…
            </button>
          )}
        </div>
        <p id={`${id}-folder-hint`} className="hint">
          {api.pickExportFolder
            ? 'Thư mục được nhớ cho lần xuất sau.'
            : 'Bản xuất được ghi vào thư mục "xuat" trong thư mục dữ liệu của ứng dụng.'}
        </p>
      </div>
      <div className="field wide">
        <label htmlFor={`${id}-naming`}>Mẫu tên tệp PDF của mỗi trường hợp</label>
        <input id={`${id}-naming`} value={naming} onChange={(e) => setNaming(e.target.value)} />
      </div>
      {needsCodeConfirmation && (
        <label className="confirm-check">
          <input type="checkbox" checked={confirmNoCode} onChange={(e) => setConfirmNoCode(e.target.checked)} />
          Xác nhận xuất khi sổ chưa có mã ĐVHC (phần mã trong tên tệp để trống, ví dụ GH..2018.01-2018.xlsx)
        </label>
      )}
      <div className="actions">
        <button type="button" className="primary" onClick={() => void exportBook()} disabled={busy}>
          {busy ? 'Đang xuất…' : 'Xuất sổ (Excel + PDF)'}
        </button>
        {cancel && (
          <button type="button" onClick={cancel}>
            Hủy xuất
          </button>
        )}
      </div>
      {askReplace && (
        <div role="alertdialog" aria-labelledby={`${id}-replace`} className="confirm-box">
          <p id={`${id}-replace`}>{askReplace}</p>
          <div className="actions">
            <button type="button" className="primary" onClick={() => void exportBook(true)}>
              Thay thế bản xuất trước
            </button>
            <button type="button" onClick={() => setAskReplace(undefined)}>
              Không xuất
            </button>
          </div>
        </div>
      )}
      {progress && (
        <div className="import-progress" role="status">
          <label>
            {progress.message || 'Đang xuất…'}
            <progress max={Math.max(progress.total, 1)} value={progress.done} aria-label="Tiến độ xuất sổ" />
          </label>
        </div>
      )}
      {error && (
        <p role="alert" className="error-box">
          {error}
        </p>
      )}
      {result && (
        <section aria-labelledby={`${id}-done`}>
          <h3 id={`${id}-done`}>
            {result.ok ? 'Đã xuất, nghiệm thu đạt' : 'Đã xuất, nghiệm thu KHÔNG ĐẠT'}: {result.counts.excelRows} dòng
            Excel, {result.counts.pdfs} tệp PDF
          </h3>
          <p>
            Thư mục: <code>{result.outDir}</code>
          </p>
          <ul>
            {result.files.map((f) => (
              <li key={f.name}>
                {f.name} ({Math.max(1, Math.round(f.size / 1024))} KB)
                {f.sha256 ? ` — SHA-256 ${f.sha256.slice(0, 16)}…` : ''}
              </li>
            ))}
          </ul>
          <Checks checks={result.checks} />
          <div className="actions">
            <button type="button" onClick={() => void openFolder()}>
              Mở thư mục
            </button>
            <button type="button" onClick={() => void reverify()}>
              Kiểm tra lại thư mục đã xuất
            </button>
          </div>
          {opened && <p role="status">Đã mở thư mục {result.outDir}</p>}
        </section>
      )}
      {verify && (
        <section aria-labelledby={`${id}-verify`}>
          <h3 id={`${id}-verify`}>{verify.ok ? 'Kiểm tra lại: đạt' : 'Kiểm tra lại: KHÔNG ĐẠT'}</h3>
          {verify.problems.map((p) => (
            <p key={p} role="alert">
              {p}
            </p>
          ))}
          {verify.books.map((b) => (
            <div key={b.manifest}>
              <h4>{b.label}</h4>
              <Checks checks={b.checks} />
            </div>
          ))}
        </section>
      )}
    </section>
  );
}
