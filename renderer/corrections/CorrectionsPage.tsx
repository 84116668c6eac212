/**
 * "Cần sửa": what the district's reviewers found wrong in the books this machine sent, entry by
 * entry, with the clerk's typed value beside what the reviewer read on the page. Each request is
 * answered by correcting the entry ("Sửa" opens it beside its page and box) or by keeping the
 * value with a reason ("Giữ nguyên…"). Answers travel to the district with the next sync.
 */
import { useState } from 'react';
import { bookTypeName } from '../../shared/catalogs/book-types';
import type { DesktopCorrection } from '../../shared/review/corrections';
import { useApi } from '../api/use-api';
import { answeredRequests, answersWaiting, groupOpenRequests } from './group';
import { KeepDialog } from './KeepDialog';
import { answerText, formatWhen, requestFieldLabel, sentText, shownValue } from './labels';
import { useCorrections } from './use-corrections';

/** How often the open screen looks for requests a background sync brought. */
const POLL_MS = 15_000;

export function CorrectionsPage() {
  const corrections = useCorrections({}, POLL_MS);
  const books = useApi('books.list', {}, 'books');
  const [keeping, setKeeping] = useState<DesktopCorrection>();
  const [kept, setKept] = useState<string>();

  const bookName = (bookId: string) => {
    const book = books.data?.find((b) => b.id === bookId);
    return book ? `${bookTypeName(book.type)} — quyển ${book.volume}` : 'Sổ không có trên máy này';
  };
  const all = corrections.data ?? [];
  const open = groupOpenRequests(all);
  const openCount = all.filter((c) => c.state === 'open').length;
  const answered = answeredRequests(all);
  const waiting = answersWaiting(all);

  return (
    <div className="page">
      <header className="app-header">
        <h1>Cần sửa</h1>
        <a href="#/" className="button-link">
          Về danh sách sổ
        </a>
      </header>
      <main className="corrections">
        <p className="corrections-help">
          Huyện đã kiểm tra các sổ máy này gửi lên và yêu cầu xem lại các ô dưới đây. Đối chiếu với trang sổ gốc: bấm
          “Sửa” để mở trường hợp bên cạnh trang của nó, hoặc “Giữ nguyên…” nếu giá trị đã nhập đúng với sổ (phải ghi lý
          do). Câu trả lời được gửi lên huyện trong lần đồng bộ tiếp theo.
        </p>
        {corrections.error && (
          <p role="alert" className="error-box">
            Không đọc được danh sách cần sửa: {corrections.error}
          </p>
        )}
        {kept && (
          <p role="status" className="info-box">
            {kept}
          </p>
        )}
        {!corrections.data && !corrections.error && <p>Đang tải…</p>}
        {corrections.data && (
          <section aria-labelledby="corrections-open" className="corrections-section">
            <h2 id="corrections-open">Chưa trả lời ({openCount})</h2>
            {open.length === 0 && <p data-testid="corrections-none">Không còn yêu cầu sửa nào chưa trả lời.</p>}
            {open.map((book) => (
              <section key={book.bookId} aria-label={bookName(book.bookId)} className="corrections-book">
                <h3>{bookName(book.bookId)}</h3>
                {book.entries.map((entry) => (
                  <article
                    key={entry.entryId}
                    className="corrections-entry"
                    aria-label={`Yêu cầu sửa: ${entry.entryLabel ?? 'trường hợp không có trên máy này'}`}
                  >
                    <h4>
                      {entry.entryLabel ?? 'Trường hợp không có trên máy này'}
                      {entry.pageNo !== null && <span className="corrections-page"> · trang {entry.pageNo}</span>}
                    </h4>
                    <table className="data-table corrections-table">
                      <caption className="visually-hidden">
                        Các ô huyện yêu cầu sửa của {entry.entryLabel ?? 'trường hợp này'}
                      </caption>
                      <thead>
                        <tr>
                          <th scope="col">Ô</th>
                          <th scope="col">Đã nhập</th>
                          <th scope="col">Huyện đọc là</th>
                          <th scope="col">Ghi chú</th>
                          <th scope="col">Người yêu cầu</th>
                          <th scope="col">Trả lời</th>
                        </tr>
                      </thead>
                      <tbody>
                        {entry.requests.map((r) => (
                          <tr key={r.id} data-request={r.id}>
                            <th scope="row">{requestFieldLabel(r)}</th>
                            <td>{shownValue(r.typedValue)}</td>
                            <td>{shownValue(r.readValue)}</td>
                            <td>{r.note}</td>
                            <td>
                              {r.requestedBy}, {formatWhen(r.requestedAt)}
                            </td>
                            <td className="corrections-actions">
                              {entry.entryLabel !== null && (
                                <a className="button-link" href={`#/so/${r.bookId}/tc/${r.entryId}`}>
                                  Sửa
                                </a>
                              )}
                              <button type="button" onClick={() => setKeeping(r)}>
                                Giữ nguyên…
                              </button>
                            </td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </article>
                ))}
              </section>
            ))}
          </section>
        )}
        {answered.length > 0 && (
          <section aria-labelledby="corrections-answered" className="corrections-section">
            <h2 id="corrections-answered">Đã trả lời ({answered.length})</h2>
            <p data-testid="corrections-waiting">
              {waiting > 0
                ? `${waiting} câu trả lời chờ gửi lên huyện (gửi cùng lần đồng bộ tiếp theo).`
                : 'Mọi câu trả lời đã được gửi lên huyện.'}
            </p>
            <table className="data-table corrections-table">
              <caption className="visually-hidden">Các yêu cầu sửa đã trả lời</caption>
              <thead>
                <tr>
                  <th scope="col">Trường hợp</th>
                  <th scope="col">Ô</th>
                  <th scope="col">Huyện đọc là</th>
                  <th scope="col">Trả lời</th>
                  <th scope="col">Lý do</th>
                  <th scope="col">Lúc</th>
                  <th scope="col">Gửi lên huyện</th>
                </tr>
              </thead>
              <tbody>
                {answered.map((r) => (
                  <tr key={r.id} data-request={r.id}>
                    <td>
                      {r.entryLabel ? (
                        <a href={`#/so/${r.bookId}/tc/${r.entryId}`}>{r.entryLabel}</a>
                      ) : (
                        'Trường hợp không có trên máy này'
                      )}
                    </td>
                    <th scope="row">{requestFieldLabel(r)}</th>
                    <td>{shownValue(r.readValue)}</td>
                    <td>{answerText(r)}</td>
                    <td>{r.answer?.reason}</td>
                    <td>{r.answer && `${r.answer.answeredBy}, ${formatWhen(r.answer.answeredAt)}`}</td>
                    <td>{sentText(r)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        )}
      </main>
      {keeping && (
        <KeepDialog
          request={keeping}
          onClose={() => setKeeping(undefined)}
          onKept={(r) =>
            setKept(`Đã ghi “Giữ nguyên” cho ô ${requestFieldLabel(r)} của ${r.entryLabel ?? 'trường hợp'}.`)
          }
        />
      )}
    </div>
  );
}
