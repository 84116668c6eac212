/**
 * The marks of the field being typed in, in the save bar: "Đọc chưa chắc", "Không đọc được",
 * "Âm lịch" (dates) and "Chép ô ở trên" (repeated addresses). Kept out of the form's flow so that
 * they never cover another control, and pressed without taking the cursor out of the field.
 */
import { describePath } from '../../../shared/records/labels';
import type { FieldMark } from '../../../shared/records/marks';
import { MARK_BUTTONS, markKind, toggledMark } from './Field';

/** The field the cursor is (or was last) in, read from its control's data attributes. */
export interface ActiveField {
  path: string;
  isDate: boolean;
  copyable: boolean;
}

export function activeFieldOf(target: EventTarget | null): ActiveField | undefined {
  if (!(target instanceof HTMLElement)) return undefined;
  const control = target.closest<HTMLElement>('[data-path]');
  const path = control?.getAttribute('data-path');
  if (!control || !path) return undefined;
  return { path, isDate: control.hasAttribute('data-date'), copyable: control.hasAttribute('data-copyable') };
}

interface Props {
  active: ActiveField | undefined;
  bookType: string;
  marks: Record<string, FieldMark>;
  setMark: (path: string, mark: FieldMark | undefined) => void;
  copyFromAbove: (path: string) => void;
}

export function FieldTools({ active, bookType, marks, setMark, copyFromAbove }: Props) {
  if (!active) return null;
  const label = describePath(active.path, bookType);
  const kind = markKind(marks[active.path]);
  // mousedown would move the cursor out of the field: the buttons act on it where it is.
  const keepFocus = (event: React.MouseEvent) => event.preventDefault();
  return (
    <div className="field-tools" role="group" aria-label={`Đánh dấu ô ${label}`}>
      <span className="field-tools-label">Ô {label}:</span>
      {MARK_BUTTONS.filter((b) => !b.dateOnly || active.isDate).map((b) => (
        <button
          key={b.kind}
          type="button"
          className={`mark-button${kind === b.kind ? ' on' : ''}`}
          tabIndex={-1}
          aria-pressed={kind === b.kind}
          aria-label={`${b.label}: ${label}`}
          title={b.title}
          onMouseDown={keepFocus}
          onClick={() => setMark(active.path, toggledMark(marks[active.path], b.kind))}
        >
          {b.label}
        </button>
      ))}
      {active.copyable && (
        <button
          type="button"
          className="mark-button"
          tabIndex={-1}
          title="Chép giá trị của ô cùng tên ở trên (người giám hộ, bên chồng…)"
          onMouseDown={keepFocus}
          onClick={() => copyFromAbove(active.path)}
        >
          Chép ô ở trên (Alt+C)
        </button>
      )}
    </div>
  );
}
