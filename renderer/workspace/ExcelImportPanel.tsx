/**
 * "Nhập từ Excel": a file in the Ministry's format (as the police's entry process or an earlier
 * vendor sends it back) imported into this book; every row checked like a typed entry, the
 * problems listed by row and column. All or nothing unless the clerk chooses to skip bad rows.
 */
import { useState } from 'react';
import type { ImportXlsxResult } from '../../shared/records/xlsx-import';
import { api, messageOf } from '../api/client';

export function ExcelImportPanel({ bookId, onImported }: { bookId: string; onImported: () => void }) {
  const [file, setFile] = useState<File>();
  const [skipInvalid, setSkipInvalid] = useState(false);
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<ImportXlsxResult>();
  const [error, setError] = useState<string>();

  async function run() {
    if (!file) return;
    setRunning(true);
    setResult(undefined);
    setError(undefined);
    try {
      const { stagedId } = await api.stageFile(file);
      const answer = await api.call('records.importXlsx', { bookId, stagedId, skipInvalid });
      setResult(answer);
      if (answer.imported > 0) onImported();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setRunning(false);
    }
  }

  return (
    <section className="files-panel excel-import" aria-labelledby="excel-import-heading">
      <h2 id="excel-import-heading">Nhập từ Excel (mẫu của Bộ Tư pháp)</h2>
      <p>
        Mỗi dòng được kiểm tra như khi nhập tay và gắn với trang scan theo cột Trang số. Có dòng lỗi thì không nhập dòng
        nào, trừ khi chọn bỏ qua các dòng lỗi.
      </p>
      <label>
        Tệp Excel (.xlsx){' '}
        <input
          type="file"
          accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          onChange={(e) => setFile(e.target.files?.[0])}
        />
      </label>
      <label>
        <input type="checkbox" checked={skipInvalid} onChange={(e) => setSkipInvalid(e.target.checked)} /> Bỏ qua các
        dòng lỗi, nhập các dòng đúng
      </label>
      <div className="actions">
        <button type="button" onClick={() => void run()} disabled={!file || running}>
          {running ? 'Đang nhập…' : 'Nhập các trường hợp'}
        </button>
      </div>
      {error && (
        <p role="alert" className="error-box">
          {error}
        </p>
      )}
      {result && (
        <p role={result.ok ? 'status' : 'alert'} className={result.ok ? 'info-box' : 'error-box'}>
          {result.ok
            ? `Đã nhập ${result.imported} trường hợp${result.skipped ? `, bỏ qua ${result.skipped} dòng lỗi` : ''}.`
            : `Không nhập trường hợp nào: ${result.errors.length} lỗi. Sửa tệp, hoặc chọn bỏ qua các dòng lỗi.`}
        </p>
      )}
      {result && result.errors.length > 0 && (
        <table className="data-table" aria-label="Lỗi trong tệp Excel">
          <thead>
            <tr>
              <th scope="col">Dòng</th>
              <th scope="col">Cột</th>
              <th scope="col">Nội dung</th>
              <th scope="col">Lỗi</th>
            </tr>
          </thead>
          <tbody>
            {result.errors.map((e, i) => (
              <tr key={i}>
                <td>{e.row}</td>
                <td>{e.column ? `${e.column} (${e.header ?? ''})` : ''}</td>
                <td>{e.label ?? ''}</td>
                <td>{e.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
