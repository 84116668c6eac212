/** The list of books with their progress, and the way to add one. */
import { useState } from 'react';
import { bookTypeName } from '../../shared/catalogs/book-types';
import { useApi } from '../api/use-api';
import { navigate } from '../app/App';
import { BookSyncCell } from '../sync/BookSyncCell';
import { useSyncStatus } from '../sync/use-sync-status';
import { AddBookForm } from './AddBookForm';

export function BooksPage() {
  const books = useApi('books.list', {}, 'books');
  // Per book what is sent to the district hub, waiting or in error (only once this machine is enrolled).
  const sync = useSyncStatus(10_000).status;
  const syncByBook = sync?.enrolled ? new Map(sync.books.map((b) => [b.bookId, b])) : undefined;
  const [adding, setAdding] = useState(false);

  return (
    <div className="page">
      <header className="app-header">
        <h1>Số hóa Hộ tịch</h1>
        <a href="#/tim" className="button-link">
          Tìm trường hợp
        </a>
        {!adding && (
          <button type="button" className="primary" onClick={() => setAdding(true)}>
            Thêm sổ
          </button>
        )}
      </header>
      <main className="books">
        {adding && (
          <AddBookForm
            onCancel={() => setAdding(false)}
            onCreated={(bookId) => {
              setAdding(false);
              navigate(`#/so/${bookId}`);
            }}
          />
        )}
        <section aria-labelledby="books-heading">
          <h2 id="books-heading">Danh sách sổ</h2>
          {books.loading && !books.data && <p>Đang tải…</p>}
          {books.error && <p role="alert">{books.error}</p>}
          {books.data?.length === 0 && (
            <div className="empty-state">
              <p>Chưa có sổ nào.</p>
              <p>
                Bấm <strong>Thêm sổ</strong>, chọn loại sổ, ghi cơ quan đăng ký và quyển số như in trên sổ, rồi chọn tệp
                scan (PDF hoặc ảnh chụp các trang).
              </p>
            </div>
          )}
          {books.data && books.data.length > 0 && (
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">Loại sổ</th>
                  <th scope="col">Quyển số</th>
                  <th scope="col">Cơ quan đăng ký</th>
                  <th scope="col">Năm mở sổ</th>
                  <th scope="col">Trang</th>
                  <th scope="col">Trường hợp</th>
                  <th scope="col">Trang chưa nhập</th>
                  {syncByBook && <th scope="col">Gửi lên huyện</th>}
                </tr>
              </thead>
              <tbody>
                {books.data.map((book) => (
                  <tr key={book.id}>
                    <td>
                      <a href={`#/so/${book.id}`}>{bookTypeName(book.type)}</a>
                    </td>
                    <td>{book.volume}</td>
                    <td>{book.office}</td>
                    <td>{book.yearOpened}</td>
                    <td>{book.pageCount}</td>
                    <td>{book.entryCount}</td>
                    <td>{book.pagesWithoutEntries}</td>
                    {syncByBook && <BookSyncCell state={syncByBook.get(book.id)} />}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </main>
    </div>
  );
}
