/**
 * The entry form every book type uses, drawn from its layout and validated with its shared
 * schema. Made for heads-down typing: Tab follows the book, Enter in the last field or
 * Ctrl+Enter saves and opens the next blank entry, Esc asks before discarding, values that
 * repeat are carried over (marked, easy to clear), the next số is proposed, the draft is saved
 * as the clerk types, and duplicates and warnings show up next to their fields at once.
 */
import { zodResolver } from '@hookform/resolvers/zod';
import { useCallback, useEffect, useId, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { FormProvider, useForm, type FieldPath, type FieldValues, type Resolver } from 'react-hook-form';
import type { ApiInput } from '../../../shared/api/contract';
import { ApiCallError, issuesFromZod, type FieldIssue } from '../../../shared/api/errors';
import type { BookDetail, PageInfo } from '../../../shared/books/book';
import type { FieldMark } from '../../../shared/records/marks';
import { nextSo } from '../../../shared/records/numbering';
import type { DuplicateEntry, RecordDetail } from '../../../shared/records/record';
import { canonicalRecordData, recordTypeFor } from '../../../shared/records/registry';
import { changedRequestIds } from '../../../shared/review/correction-ticks';
import type { DesktopCorrection } from '../../../shared/review/corrections';
import type { NormRect } from '../../../shared/viewer/geometry';
import { api, messageOf } from '../../api/client';
import { requestFieldLabel } from '../../corrections/labels';
import { DraftWriter } from './draft-writer';
import { toggledMark } from './Field';
import { activeFieldOf, FieldTools, type ActiveField } from './FieldTools';
import { FormContext, type EntryFormContext } from './FormContext';
import { FormItems } from './FormItems';
import { fieldsOf, valueAtPath, type FormLayout } from './spec';

/** Saved at most this often while typing: a crash loses less than a second. */
const DRAFT_EVERY_MS = 500;

export interface EntryFormProps {
  book: BookDetail;
  layout: FormLayout;
  page: PageInfo;
  rect?: NormRect;
  /** The book's last saved entry: carry-over values and the next số come from it. */
  previous?: RecordDetail;
  /** An entry being edited (its history is kept by the backend). */
  editing?: RecordDetail;
  /**
   * The district's open correction requests of the entry being edited: their fields are flagged,
   * and the save answers the ones ticked (by default those whose field changed).
   */
  corrections?: DesktopCorrection[];
  onSaved: (record: RecordDetail, mode: 'create' | 'update') => void;
  onCancelEdit?: () => void;
  /** Shown in the save bar, which stays in view (e.g. the confirmation of the last save). */
  footer?: ReactNode;
}

type Values = Record<string, unknown>;

function setAtPath(target: Values, path: string, value: unknown): void {
  const steps = path.split('.');
  let current: Record<string, unknown> = target;
  steps.slice(0, -1).forEach((step, i) => {
    const next = current[step];
    if (next === null || typeof next !== 'object') current[step] = /^\d+$/.test(steps[i + 1]!) ? [] : {};
    current = current[step] as Record<string, unknown>;
  });
  current[steps[steps.length - 1]!] = value;
}

/** A blank entry of the layout, with the repeating values of the previous entry carried over. */
function startingValues(layout: FormLayout, page: PageInfo, book: BookDetail, previous?: RecordDetail) {
  const values: Values = { ...layout.blank(), quyenSo: book.volume, trangSo: page.pageNo };
  const carried = new Set<string>();
  if (previous) {
    for (const field of fieldsOf(layout.items, values)) {
      if (!field.carry) continue;
      const value = valueAtPath(previous.data, field.path);
      if (value === undefined || value === '') continue;
      setAtPath(values, field.path, value);
      carried.add(field.path);
    }
    const proposed = nextSo(previous.so);
    if (proposed) values.so = proposed;
  }
  return { values, carried };
}

function withoutMarks(data: Values): { values: Values; marks: Record<string, FieldMark> } {
  const { danhDau, ...values } = data;
  return { values, marks: (danhDau as Record<string, FieldMark> | undefined) ?? {} };
}

export function EntryForm({
  book,
  layout,
  page,
  rect,
  previous,
  editing,
  corrections,
  onSaved,
  onCancelEdit,
  footer,
}: EntryFormProps) {
  const idPrefix = useId();
  const recordType = recordTypeFor(book.type)!;
  const formRef = useRef<HTMLFormElement>(null);
  const start = useMemo(
    () =>
      editing
        ? { ...withoutMarks({ ...layout.blank(), ...editing.data }), carried: new Set<string>() }
        : { ...startingValues(layout, page, book, previous), marks: {} },
    // A new start only when switching entries; page turns are followed below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [editing?.id, editing?.version, previous?.id, layout],
  );
  const [marks, setMarks] = useState<Record<string, FieldMark>>(start.marks);
  const [activeField, setActiveField] = useState<ActiveField>();
  const [carried, setCarried] = useState<ReadonlySet<string>>(start.carried);
  const [warnings, setWarnings] = useState<FieldIssue[]>([]);
  const [duplicates, setDuplicates] = useState<DuplicateEntry[]>([]);
  const [status, setStatus] = useState<{ tone: 'error' | 'info'; text: string }>();
  const marksRef = useRef(marks);
  marksRef.current = marks;
  const requests = useMemo(() => (editing ? (corrections ?? []) : []), [editing, corrections]);
  // Which requests this save answers: the clerk's own ticks, else those whose field changed.
  const [ticks, setTicks] = useState<Record<string, boolean>>({});
  const [changedIds, setChangedIds] = useState<ReadonlySet<string>>(new Set());
  const isTicked = (id: string) => ticks[id] ?? changedIds.has(id);

  // The schema sees the marks too: a required field may be empty when marked unknown/illegible.
  const resolver = useMemo<Resolver<FieldValues>>(() => {
    const base = zodResolver(recordType.schema as never) as unknown as Resolver<FieldValues>;
    return (values, context, options) => base({ ...values, danhDau: marksRef.current }, context, options);
  }, [recordType]);
  const methods = useForm<FieldValues>({
    resolver,
    defaultValues: start.values,
    mode: 'onSubmit',
    reValidateMode: 'onChange',
  });
  const { handleSubmit, reset, setError, setValue, watch, getValues, formState } = methods;

  const recomputeChanged = useCallback(() => {
    if (!editing || requests.length === 0) return;
    const now = changedRequestIds(requests, editing.data, { ...getValues(), danhDau: marksRef.current });
    setChangedIds((old) => (old.size === now.length && now.every((id) => old.has(id)) ? old : new Set(now)));
  }, [editing, requests, getValues]);
  useEffect(() => {
    if (requests.length === 0) return;
    recomputeChanged();
    const subscription = watch(() => recomputeChanged());
    return () => subscription.unsubscribe();
  }, [requests.length, watch, recomputeChanged]);
  useEffect(() => {
    recomputeChanged();
  }, [marks, recomputeChanged]);

  // Whether the clerk has typed since the form was last reset: the book's previous entry arrives
  // a moment after a save, and must not wipe what a fast typist has already entered.
  const typedSinceReset = useRef(false);
  useEffect(() => {
    if (typedSinceReset.current) return;
    reset(start.values);
    setMarks(start.marks);
    setCarried(start.carried);
    setDuplicates([]);
  }, [start, reset]);

  // A reopened entry shows its warnings beside their fields at once, before anything is changed
  // (the reviewer's "Sửa" and the clerk's second look start from them).
  useEffect(() => {
    if (!editing) return;
    const parsed = recordType.schema.safeParse(editing.data);
    setWarnings(parsed.success ? issuesFromZod(recordType.warnings(parsed.data, { bookOpenedOn: book.openedOn })) : []);
  }, [editing, recordType, book.openedOn]);

  // A new entry opens with the cursor in its first field (Số), unless the clerk is elsewhere.
  useEffect(() => {
    if (editing) return;
    const active = document.activeElement;
    if (active && active !== document.body) return;
    formRef.current?.querySelector<HTMLElement>('[data-path]:not([disabled])')?.focus();
    // Only when the form opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // New entries follow the page on screen.
  useEffect(() => {
    if (!editing) setValue('trangSo', page.pageNo);
  }, [page.pageNo, editing, setValue]);

  // Reopen the draft left by a crash or a closed window (once, when the form opens).
  const startRef = useRef(start);
  startRef.current = start;
  const editingId = editing?.id;
  useEffect(() => {
    let alive = true;
    void api.call('drafts.get', { bookId: book.id, ...(editingId ? { entryId: editingId } : {}) }).then(
      (draft) => {
        if (!alive || !draft) return;
        // The restored draft wins over everything that arrives later (the previous entry's
        // carry-over values above all): the form now holds the clerk's own typing.
        typedSinceReset.current = true;
        const restored = withoutMarks(draft.data);
        reset({ ...startRef.current.values, ...restored.values });
        setMarks(restored.marks);
        marksRef.current = restored.marks;
        setCarried(new Set());
        setStatus({
          tone: 'info',
          text: `Đã mở lại bản nháp lưu lúc ${new Date(draft.updatedAt).toLocaleTimeString('vi-VN')}.`,
        });
      },
      () => {},
    );
    return () => {
      alive = false;
    };
  }, [book.id, editingId, reset]);

  // Draft autosave, live warnings and the duplicate check, as the clerk types.
  const [draftFailing, setDraftFailing] = useState(false);
  const [drafts] = useState(
    () =>
      new DraftWriter<ApiInput<'drafts.save'>>({
        write: (payload) => api.call('drafts.save', payload),
        onState: (state) => setDraftFailing(state === 'failing'),
        everyMs: DRAFT_EVERY_MS,
      }),
  );
  const dupTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const refresh = useCallback(
    (changed?: string) => {
      const values = getValues();
      const data = { ...values, danhDau: marksRef.current };
      drafts.schedule({
        bookId: book.id,
        ...(editing ? { entryId: editing.id } : {}),
        data: canonicalRecordData(data) as Values,
        pages: [{ pageId: page.id, ...(rect ? { rect } : {}) }],
      });

      const parsed = recordType.schema.safeParse(data);
      setWarnings(
        parsed.success ? issuesFromZod(recordType.warnings(parsed.data, { bookOpenedOn: book.openedOn })) : [],
      );

      if (!changed || ['so', 'quyenSo', 'ngayDangKy'].includes(changed)) {
        clearTimeout(dupTimer.current);
        dupTimer.current = setTimeout(() => {
          const so = String(values.so ?? '').trim();
          if (!so) return setDuplicates([]);
          void api
            .call('records.duplicates', {
              bookId: book.id,
              so,
              quyenSo: (values.quyenSo as string) || undefined,
              ngayDangKy: (values.ngayDangKy as string) || undefined,
              ...(editing ? { excludeId: editing.id } : {}),
            })
            .then(setDuplicates, () => {});
        }, 250);
      }
    },
    [book.id, book.openedOn, drafts, editing, getValues, page.id, rect, recordType],
  );
  useEffect(() => {
    // Only the clerk's own typing: a reset after saving must not write a new draft.
    const subscription = watch((_values, { name, type }) => {
      if (type !== 'change') return;
      typedSinceReset.current = true;
      refresh(name);
    });
    return () => subscription.unsubscribe();
  }, [watch, refresh]);
  useEffect(() => () => clearTimeout(dupTimer.current), []);

  const setMark = useCallback(
    (path: string, mark: FieldMark | undefined) => {
      setMarks((m) => {
        const next = { ...m };
        if (mark) next[path] = mark;
        else delete next[path];
        marksRef.current = next;
        return next;
      });
      setTimeout(() => refresh(), 0);
    },
    [refresh],
  );
  const clearCarried = useCallback((path: string) => {
    setCarried((c) => {
      if (!c.has(path)) return c;
      const next = new Set(c);
      next.delete(path);
      return next;
    });
  }, []);

  const warningMap = useMemo(() => {
    const map = new Map<string, string[]>();
    for (const w of warnings) map.set(w.path, [...(map.get(w.path) ?? []), w.message]);
    return map;
  }, [warnings]);

  const copyFromAbove = useCallback(
    (path: string) => {
      // Fields of the same name: a residence from a residence, an issuing office from another.
      const name = path.split('.').pop()!;
      const controls = Array.from(formRef.current?.querySelectorAll<HTMLElement>('[data-copyable]') ?? []);
      const here = controls.findIndex((c) => c.getAttribute('data-path') === path);
      const source = controls
        .slice(0, Math.max(0, here))
        .reverse()
        .map((c) => c.getAttribute('data-path') ?? '')
        .find((p) => p.split('.').pop() === name && String(getValues(p) ?? '').trim());
      if (!source) {
        setStatus({ tone: 'info', text: 'Không có ô cùng loại ở trên để chép.' });
        return;
      }
      setValue(path, getValues(source), { shouldDirty: true });
      clearCarried(path);
      typedSinceReset.current = true;
      refresh(path);
    },
    [clearCarried, getValues, refresh, setValue],
  );

  const requested = useMemo(() => {
    const map = new Map<string, string[]>();
    for (const r of requests) {
      const text = `Huyện yêu cầu sửa: huyện đọc là “${r.readValue.trim() || '(trống)'}”${r.note ? ` — ${r.note}` : ''}`;
      map.set(r.field, [...(map.get(r.field) ?? []), text]);
    }
    return map;
  }, [requests]);

  const context: EntryFormContext = {
    idPrefix,
    requested,
    marks,
    setMark,
    carried,
    clearCarried,
    warnings: warningMap,
    copyFromAbove,
  };

  const submit = handleSubmit(async (values) => {
    setStatus(undefined);
    const data = { ...values, danhDau: marks };
    const pages = [{ pageId: page.id, ...(rect ? { rect } : {}) }];
    // The save removes the draft in its own transaction: no draft write may follow it.
    await drafts.stop();
    try {
      if (editing) {
        const correctionRequestIds = requests.filter((r) => isTicked(r.id)).map((r) => r.id);
        const saved = await api.call('records.update', {
          id: editing.id,
          expectedVersion: editing.version,
          data,
          ...(correctionRequestIds.length > 0 ? { correctionRequestIds } : {}),
        });
        onSaved(saved, 'update');
      } else {
        const saved = await api.call('records.create', { bookId: book.id, data, pages });
        const next = startingValues(layout, page, book, saved);
        typedSinceReset.current = false;
        reset(next.values);
        setMarks({});
        setCarried(next.carried);
        setDuplicates([]);
        setWarnings([]);
        onSaved(saved, 'create');
        // Straight on to the next entry: the first field that is not carried over.
        setTimeout(() => {
          const first = formRef.current?.querySelector<HTMLElement>('[data-path]:not([disabled])');
          first?.focus();
        }, 0);
      }
    } catch (error) {
      if (error instanceof ApiCallError && error.details?.issues) {
        for (const issue of error.details.issues)
          setError(issue.path as FieldPath<FieldValues>, { message: issue.message });
      }
      setStatus({ tone: 'error', text: messageOf(error) });
      // Not saved: the draft keeps what was typed.
      if (typedSinceReset.current) refresh();
    }
  });

  function discard() {
    if (!window.confirm(editing ? 'Bỏ các thay đổi chưa lưu của trường hợp này?' : 'Bỏ trường hợp đang nhập?')) return;
    const key = { bookId: book.id, ...(editing ? { entryId: editing.id } : {}) };
    void drafts
      .stop()
      .then(() => api.call('drafts.discard', key))
      .catch(() => {});
    if (editing) return onCancelEdit?.();
    const fresh = startingValues(layout, page, book, previous);
    typedSinceReset.current = false;
    reset(fresh.values);
    setMarks({});
    setCarried(fresh.carried);
    setStatus(undefined);
  }

  function onKeyDown(event: KeyboardEvent<HTMLFormElement>) {
    if (event.nativeEvent.isComposing || event.defaultPrevented) return;
    const target = event.target as HTMLElement;
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void submit();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      discard();
    } else if (event.altKey && !event.ctrlKey && (event.code === 'KeyK' || event.code === 'KeyD')) {
      const path = target.closest('[data-path]')?.getAttribute('data-path') ?? target.getAttribute('data-path');
      if (!path) return;
      event.preventDefault();
      // Alt+K: "Không đọc được" (the value stays empty); Alt+D: "Đọc chưa chắc" (the reading is kept).
      setMark(path, toggledMark(marks[path], event.code === 'KeyK' ? 'khongDocDuoc' : 'docChuaChac'));
    } else if (event.altKey && !event.ctrlKey && event.code === 'KeyC') {
      const path = target.getAttribute('data-path');
      if (!path || !target.hasAttribute('data-copyable')) return;
      event.preventDefault();
      copyFromAbove(path);
    } else if (
      event.key === 'Enter' &&
      target.tagName === 'INPUT' &&
      (target as HTMLInputElement).type !== 'checkbox'
    ) {
      // Enter in the last field saves; elsewhere it must not submit half an entry.
      event.preventDefault();
      const controls = Array.from(formRef.current?.querySelectorAll<HTMLElement>('[data-path]') ?? []);
      if (controls[controls.length - 1] === target) void submit();
    }
  }

  const markedList = Object.entries(marks);
  return (
    <FormProvider {...methods}>
      <FormContext.Provider value={context}>
        <form
          ref={formRef}
          className="entry-form"
          onSubmit={submit}
          onKeyDown={onKeyDown}
          onFocus={(event) => {
            const field = activeFieldOf(event.target);
            if (field) setActiveField(field);
          }}
          noValidate
          aria-label={layout.title}
        >
          {carried.size > 0 && (
            <p className="carry-note">
              Các ô có nền vàng được mang sang từ trường hợp trước.{' '}
              <button type="button" onClick={() => setCarried(new Set())}>
                Giữ, bỏ đánh dấu
              </button>{' '}
              <button
                type="button"
                onClick={() => {
                  for (const path of carried) setValue(path, '');
                  setCarried(new Set());
                }}
              >
                Xóa các giá trị mang sang
              </button>
            </p>
          )}
          <FormItems items={layout.items} />
          {duplicates.length > 0 && (
            <div className="duplicate-box" role="status">
              <p>
                Số {String(getValues('so') ?? '')} đã có:{' '}
                {duplicates.map((d, i) => (
                  <span key={d.id}>
                    {i > 0 && ', '}
                    <a href={`#/so/${d.bookId}/tc/${d.id}`}>
                      số {d.so} — {d.names[0] || 'không tên'}
                    </a>
                  </span>
                ))}
                . Nếu sổ gốc thật sự trùng số, ghi lý do để lưu.
              </p>
              <div className="field">
                <label htmlFor={`${idPrefix}-trungSoLyDo`}>Lý do trùng số</label>
                <input id={`${idPrefix}-trungSoLyDo`} data-path="trungSoLyDo" {...methods.register('trungSoLyDo')} />
              </div>
            </div>
          )}
          {markedList.length > 0 && (
            <p className="marked-note">Ô đã đánh dấu cho người kiểm tra: {markedList.length}.</p>
          )}
          <div className="save-bar">
            {requests.length > 0 && (
              <fieldset className="correction-ticks">
                <legend>Lần lưu này đã sửa theo yêu cầu của huyện</legend>
                {requests.map((r) => (
                  <label key={r.id}>
                    <input
                      type="checkbox"
                      checked={isTicked(r.id)}
                      onChange={(e) => setTicks((t) => ({ ...t, [r.id]: e.target.checked }))}
                    />
                    {requestFieldLabel(r)}: huyện đọc là “{r.readValue.trim() || '(trống)'}”
                  </label>
                ))}
                <p className="hint">
                  Tự đánh dấu khi ô đó đã đổi; bỏ đánh dấu nếu lần lưu này không phải là sửa theo yêu cầu.
                </p>
              </fieldset>
            )}
            <FieldTools
              active={activeField}
              bookType={book.type}
              marks={marks}
              setMark={setMark}
              copyFromAbove={copyFromAbove}
            />
            {draftFailing && (
              <p role="alert" className="error-box draft-failing">
                Chưa lưu được bản nháp; đang thử lại. Đừng đóng ứng dụng trước khi lưu trường hợp này.
              </p>
            )}
            {status && (
              <p
                role={status.tone === 'error' ? 'alert' : 'status'}
                className={status.tone === 'error' ? 'error-box' : 'info-box'}
              >
                {status.text}
              </p>
            )}
            <div className="actions">
              <button type="submit" className="primary" disabled={formState.isSubmitting}>
                {formState.isSubmitting ? 'Đang lưu…' : editing ? 'Lưu thay đổi' : 'Lưu'}
              </button>
              <button type="button" onClick={discard}>
                {editing ? 'Hủy sửa' : 'Bỏ trường hợp này'}
              </button>
              <span className="hint">
                Ctrl+Enter: lưu và nhập tiếp · Esc: bỏ · Alt+D: đọc chưa chắc · Alt+K: không đọc được · Alt+C: chép nơi
                cư trú / nơi cấp ở trên
              </span>
            </div>
            {footer}
          </div>
        </form>
      </FormContext.Provider>
    </FormProvider>
  );
}
