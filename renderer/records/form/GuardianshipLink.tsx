/**
 * CDGH: the guardianship being ended. When its GH entry is in the database the clerk picks it
 * and its people are copied; otherwise its number, date and office are typed from the book.
 */
import { useId, useRef, useState } from 'react';
import { useFormContext } from 'react-hook-form';
import { formatForDisplay } from '../../../shared/dates/partial-date';
import type { RecordSearchHit } from '../../../shared/records/record';
import { api, messageOf } from '../../api/client';

/** Person fields a CDGH entry keeps from the GH entry (the guardian's block has no residence). */
function copyPerson(person: unknown, withResidence: boolean): Record<string, unknown> {
  if (!person || typeof person !== 'object') return {};
  const { noiCuTru, ...rest } = person as Record<string, unknown>;
  return withResidence ? { ...rest, noiCuTru } : rest;
}

export function GuardianshipLink() {
  const id = useId();
  const { setValue, watch } = useFormContext();
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<RecordSearchHit[]>();
  const [error, setError] = useState<string>();
  const linked = watch('dangKyGiamHo.entryId') as string | undefined;
  const box = useRef<HTMLDivElement>(null);

  /** After a pick: the first field that the pick did not fill (the termination itself). */
  function focusNextField() {
    const form = box.current?.closest('form');
    if (!form || !box.current) return;
    const copied = /^(dangKyGiamHo|nguoiGiamHo|nguoiDuocGiamHo)(\.|$)/;
    const next = Array.from(form.querySelectorAll<HTMLElement>('[data-path]:not([disabled])')).find(
      (el) =>
        box.current!.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING &&
        !copied.test(el.getAttribute('data-path') ?? ''),
    );
    next?.focus();
  }

  function unlink() {
    const options = { shouldDirty: true, shouldValidate: false };
    for (const name of ['entryId', 'so', 'ngay', 'noiDangKy']) setValue(`dangKyGiamHo.${name}`, '', options);
    setHits(undefined);
    box.current?.querySelector<HTMLInputElement>('input')?.focus();
  }

  async function find() {
    setError(undefined);
    try {
      const result = await api.call('records.search', { query, bookType: 'GH', limit: 10 });
      setHits(result.hits);
    } catch (e) {
      setError(messageOf(e));
    }
  }

  async function pick(hit: RecordSearchHit) {
    try {
      const gh = await api.call('records.get', { id: hit.id });
      const book = await api.call('books.get', { id: gh.bookId });
      const data = gh.data as Record<string, unknown>;
      const options = { shouldDirty: true, shouldValidate: false };
      setValue(
        'dangKyGiamHo',
        { entryId: gh.id, so: gh.so, ngay: gh.ngayDangKy ?? '', noiDangKy: book.office },
        options,
      );
      const guardians = Array.isArray(data.nguoiGiamHo) ? data.nguoiGiamHo : [];
      setValue(
        'nguoiGiamHo',
        guardians.map((g) => copyPerson(g, false)),
        options,
      );
      setValue('nguoiDuocGiamHo', copyPerson(data.nguoiDuocGiamHo, true), options);
      setHits(undefined);
      // The pick re-renders the copied blocks first; then the cursor goes on.
      setTimeout(focusNextField, 0);
    } catch (e) {
      setError(messageOf(e));
    }
  }

  return (
    <div className="gh-link" ref={box}>
      <div className="field-row">
        <div className="field wide">
          <label htmlFor={`${id}-q`}>Tìm việc giám hộ đã nhập (số hoặc tên)</label>
          <input
            id={`${id}-q`}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && !e.nativeEvent.isComposing) {
                e.preventDefault();
                void find();
              }
            }}
          />
        </div>
        <button type="button" onClick={() => void find()}>
          Tìm
        </button>
      </div>
      {linked && (
        <p className="info-box">
          Đã liên kết với trường hợp giám hộ trong cơ sở dữ liệu; người giám hộ và người được giám hộ đã được chép sang.{' '}
          <button type="button" className="small" onClick={unlink}>
            Bỏ liên kết
          </button>
        </p>
      )}
      {error && <p role="alert">{error}</p>}
      {hits && hits.length === 0 && <p>Không thấy; hãy nhập số, ngày và nơi đăng ký giám hộ như ghi trong sổ.</p>}
      {hits && hits.length > 0 && (
        <ul className="pick-list">
          {hits.map((hit) => (
            <li key={hit.id}>
              <button type="button" onClick={() => void pick(hit)}>
                Chọn số {hit.so}
                {hit.ngayDangKy ? `, ${formatForDisplay(hit.ngayDangKy)}` : ''} — {hit.names.join(' / ')} ({hit.office})
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
