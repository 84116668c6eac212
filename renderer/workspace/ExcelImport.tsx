/**
 * "Nhập từ Excel": a file in the Ministry's format (as the police's entry process or an earlier
 * vendor sends it back) imported into this book, from the book's "Nhập, xuất & nghiệm thu" panel.
 * Picking the file checks it first (records.importXlsx with dryRun: nothing written) and shows the
 * result in a dialog: the rows ready, the errors by row and column (scrollable, copyable). With
 * errors the clerk cancels, or skips the bad rows and imports the valid ones; then the dialog says
 * how many entries came in and how many scan pages they are linked to (by their "Trang số").
 */
import { useEffect, useId, useRef, useState } from 'react';
import { cellErrorText, type CellError } from '../../shared/export/row-decode';
import type { ImportXlsxResult } from '../../shared/records/xlsx-import';
import { api, messageOf } from '../api/client';

type Step =
  | { kind: 'checking' }
  | { kind: 'checked'; result: ImportXlsxResult; recheck?: boolean }
  | { kind: 'importing'; result: ImportXlsxResult }
  | { kind: 'done'; result: ImportXlsxResult }
  | { kind: 'failed'; message: string };

function ErrorTable({ errors, label }: { errors: CellError[]; label: string }) {
  return (
    <div className="excel-import-errors" role="region" aria-label={label} tabIndex={0}>
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">Dòng</th>
            <th scope="col">Cột</th>
            <th scope="col">Lỗi</th>
          </tr>
        </thead>
        <tbody>
          {errors.map((e, i) => (
            <tr key={i}>
              <td>{e.row}</td>
              <td>{e.column ? `${e.column} — ${e.label ?? e.header ?? ''}` : '(cả dòng)'}</td>
              <td>{e.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const rowsWord = (n: number) => `${n} dòng`;

export function ExcelImport({ bookId, onImported }: { bookId: string; onImported: () => void }) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  const focusTarget = useRef<HTMLHeadingElement>(null);
  const [file, setFile] = useState<File>();
  const [step, setStep] = useState<Step>();
  const [copied, setCopied] = useState<string>();
  // A check cancelled by closing the dialog must not reopen it when its answer comes.
  const run = useRef(0);

  const open = step !== undefined;
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) {
      element.close();
      // Back where the clerk was (the page behind a modal dialog takes no focus while it is open).
      input.current?.focus();
    }
  }, [open]);
  // Each new result is read first: the focus moves to its heading.
  useEffect(() => {
    if (step && step.kind !== 'checking' && step.kind !== 'importing') focusTarget.current?.focus();
  }, [step]);

  async function check(picked: File, recheck = false) {
    const mine = ++run.current;
    setStep({ kind: 'checking' });
    setCopied(undefined);
    try {
      const { stagedId } = await api.stageFile(picked);
      const result = await api.call('records.importXlsx', { bookId, stagedId, dryRun: true });
      if (run.current === mine) setStep({ kind: 'checked', result, recheck });
    } catch (e) {
      if (run.current === mine) setStep({ kind: 'failed', message: messageOf(e) });
    }
  }

  async function runImport(checked: ImportXlsxResult) {
    if (!file) return;
    setStep({ kind: 'importing', result: checked });
    setCopied(undefined);
    try {
      const { stagedId } = await api.stageFile(file);
      const result = await api.call('records.importXlsx', { bookId, stagedId, skipInvalid: !checked.ok });
      if (result.imported > 0) onImported();
      // The book changed since the check (a number saved meanwhile): nothing written, check again.
      if (!result.ok) await check(file, true);
      else setStep({ kind: 'done', result });
    } catch (e) {
      setStep({ kind: 'failed', message: messageOf(e) });
    }
  }

  function close() {
    run.current++;
    setStep(undefined);
    setCopied(undefined);
  }

  async function copyErrors(errors: CellError[]) {
    try {
      await navigator.clipboard.writeText(errors.map(cellErrorText).join('\n'));
      setCopied(`Đã chép ${errors.length} lỗi vào bộ nhớ tạm.`);
    } catch {
      setCopied('Không chép được vào bộ nhớ tạm: bôi đen bảng lỗi rồi bấm Ctrl+C.');
    }
  }

  const busy = step?.kind === 'checking' || step?.kind === 'importing';
  const errors = step && 'result' in step ? step.result.errors : [];

  return (
    <section className="excel-import" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Nhập từ Excel (mẫu của Bộ Tư pháp)</h2>
      <p id={`${id}-hint`} className="hint">
        Tệp theo mẫu nhập của Bộ (trả về từ quy trình nhập liệu hoặc từ đơn vị trước). Tệp được kiểm tra trước, chưa
        nhập gì; mỗi trường hợp được gắn với trang scan theo cột Trang số.
      </p>
      <label className="excel-import-pick">
        Chọn tệp Excel (.xlsx) để kiểm tra và nhập{' '}
        <input
          ref={input}
          type="file"
          accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          aria-describedby={`${id}-hint`}
          disabled={busy}
          onChange={(e) => {
            const picked = e.target.files?.[0];
            // The same file can be picked again after it is corrected.
            e.target.value = '';
            if (!picked) return;
            setFile(picked);
            void check(picked);
          }}
        />
      </label>
      <dialog
        ref={dialog}
        className="excel-import-dialog"
        aria-labelledby={`${id}-dialog-title`}
        onCancel={(e) => {
          // Esc closes, except while the import is writing (its result must be seen).
          e.preventDefault();
          if (step?.kind !== 'importing') close();
        }}
      >
        <h2 id={`${id}-dialog-title`}>Nhập từ Excel: {file?.name ?? ''}</h2>
        {step?.kind === 'checking' && <p role="status">Đang kiểm tra tệp…</p>}
        {step?.kind === 'importing' && <p role="status">Đang nhập…</p>}
        {step?.kind === 'failed' && (
          <>
            <h3 ref={focusTarget} tabIndex={-1}>
              Không nhập được tệp này
            </h3>
            <p role="alert" className="error-box">
              {step.message}
            </p>
          </>
        )}
        {step?.kind === 'checked' && (
          <>
            {step.recheck && (
              <p role="alert" className="error-box">
                Sổ đã thay đổi từ lúc kiểm tra nên chưa nhập trường hợp nào. Tệp đã được kiểm tra lại.
              </p>
            )}
            <h3 ref={focusTarget} tabIndex={-1}>
              {step.result.ok
                ? `Kết quả kiểm tra: ${rowsWord(step.result.ready ?? 0)} sẵn sàng để nhập, không có lỗi.`
                : `Kết quả kiểm tra: ${rowsWord(step.result.ready ?? 0)} sẵn sàng để nhập, ${rowsWord(step.result.skipped)} có lỗi (${step.result.errors.length} lỗi). Chưa nhập trường hợp nào.`}
            </h3>
          </>
        )}
        {step?.kind === 'done' && (
          <h3 ref={focusTarget} tabIndex={-1}>
            {`Đã nhập ${step.result.imported} trường hợp, gắn với ${step.result.pages ?? 0} trang scan theo Trang số.`}
            {step.result.skipped > 0 ? ` Bỏ qua ${rowsWord(step.result.skipped)} có lỗi.` : ''}
          </h3>
        )}
        {errors.length > 0 && (
          <>
            <ErrorTable
              errors={errors}
              label={step?.kind === 'done' ? 'Các dòng lỗi đã bỏ qua' : 'Lỗi trong tệp Excel theo dòng và cột'}
            />
            <div className="actions">
              <button type="button" onClick={() => void copyErrors(errors)}>
                Chép danh sách lỗi
              </button>
              {copied && <span role="status">{copied}</span>}
            </div>
          </>
        )}
        <div className="actions">
          {step?.kind === 'checked' && (step.result.ready ?? 0) > 0 && (
            <button type="button" className="primary" onClick={() => void runImport(step.result)}>
              {step.result.ok
                ? `Nhập ${step.result.ready} trường hợp`
                : `Bỏ qua các dòng lỗi và nhập ${step.result.ready} dòng hợp lệ`}
            </button>
          )}
          <button type="button" onClick={close} disabled={step?.kind === 'importing'}>
            {step?.kind === 'checked' || step?.kind === 'checking' ? 'Hủy' : 'Đóng'}
          </button>
        </div>
      </dialog>
    </section>
  );
}
