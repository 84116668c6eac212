/** The book's scan files: add more, remove one no entry points at, or put them in another order. */
import { useState } from 'react';
import type { BookDetail } from '../../shared/books/book';
import { api, messageOf } from '../api/client';
import { JobCancelledError } from '../api/jobs';
import { describeSkipped, ImportProgress, ScanFilePicker, useScanImport } from '../scans/ScanImport';

function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

export function FilesPanel({ book, onChanged }: { book: BookDetail; onChanged: () => void }) {
  const [files, setFiles] = useState<File[]>([]);
  const [message, setMessage] = useState<{ tone: 'error' | 'info'; text: string }>();
  const importer = useScanImport();

  async function act(work: () => Promise<unknown>, done?: string) {
    setMessage(undefined);
    try {
      await work();
      if (done) setMessage({ tone: 'info', text: done });
      onChanged();
    } catch (error) {
      setMessage({ tone: 'error', text: messageOf(error) });
    }
  }

  function move(index: number, by: -1 | 1) {
    const order = book.files.map((f) => f.id);
    const [moved] = order.splice(index, 1);
    order.splice(index + by, 0, moved!);
    if (
      book.entryCount > 0 &&
      !window.confirm(
        'Đổi thứ tự tệp sẽ đánh số lại các trang của sổ. Các trường hợp đã nhập vẫn gắn đúng với ảnh trang của mình. Tiếp tục?',
      )
    ) {
      return;
    }
    void act(() => api.call('books.reorderFiles', { bookId: book.id, scanFileIds: order }), 'Đã đổi thứ tự tệp.');
  }

  function remove(scanFileId: string, name: string) {
    if (!window.confirm(`Bỏ tệp "${name}" khỏi sổ? Các trang sau sẽ được đánh số lại.`)) return;
    void act(() => api.call('books.removeFile', { bookId: book.id, scanFileId }), `Đã bỏ tệp ${name}.`);
  }

  async function add() {
    if (files.length === 0) return;
    await act(async () => {
      try {
        const report = await importer.run(files, (staged) =>
          api.call('books.addFiles', { bookId: book.id, files: staged }),
        );
        setFiles([]);
        setMessage({ tone: 'info', text: describeSkipped(report) ?? 'Đã thêm tệp vào sổ.' });
      } catch (error) {
        if (error instanceof JobCancelledError)
          throw new Error('Đã hủy thêm tệp; sổ không thay đổi.', { cause: error });
        throw error;
      }
    });
  }

  // The book page number each file starts at.
  const firstPages = book.files.reduce<number[]>((starts, file, i) => {
    starts.push(i === 0 ? 1 : starts[i - 1]! + book.files[i - 1]!.pageCount);
    return starts;
  }, []);
  return (
    <section className="files-panel" aria-labelledby="files-heading">
      <h2 id="files-heading">Tệp scan của sổ</h2>
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">Thứ tự</th>
            <th scope="col">Tệp</th>
            <th scope="col">Trang của sổ</th>
            <th scope="col">Dung lượng</th>
            <th scope="col">Thao tác</th>
          </tr>
        </thead>
        <tbody>
          {book.files.map((file, i) => {
            const from = firstPages[i]!;
            return (
              <tr key={file.id}>
                <td>{i + 1}</td>
                <td>{file.originalName}</td>
                <td>{file.pageCount === 1 ? from : `${from}–${from + file.pageCount - 1}`}</td>
                <td>{formatSize(file.byteSize)}</td>
                <td className="row-actions">
                  <button
                    type="button"
                    disabled={i === 0}
                    onClick={() => move(i, -1)}
                    aria-label={`Đưa ${file.originalName} lên`}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    disabled={i === book.files.length - 1}
                    onClick={() => move(i, 1)}
                    aria-label={`Đưa ${file.originalName} xuống`}
                  >
                    ↓
                  </button>
                  <button
                    type="button"
                    onClick={() => remove(file.id, file.originalName)}
                    aria-label={`Bỏ ${file.originalName}`}
                  >
                    Bỏ
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <ScanFilePicker files={files} onChange={setFiles} />
      <ImportProgress state={importer.state} />
      <div className="actions">
        <button type="button" onClick={() => void add()} disabled={files.length === 0 || importer.state.running}>
          Thêm tệp vào sổ
        </button>
      </div>
      {message && (
        <p
          role={message.tone === 'error' ? 'alert' : 'status'}
          className={message.tone === 'error' ? 'error-box' : 'info-box'}
        >
          {message.text}
        </p>
      )}
    </section>
  );
}
