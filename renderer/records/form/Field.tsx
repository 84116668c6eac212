/**
 * One field of an entry form: its visible label bound to the control, the control, and its
 * error, mark and warnings next to it. The buttons that mark the field being typed in live in the
 * save bar (FieldTools), where they never cover another control.
 */
import { Controller, useFormContext, useWatch, type FieldValues } from 'react-hook-form';
import { ID_TYPES } from '../../../shared/catalogs/id-types';
import { findEthnicity, suggestEthnicities } from '../../../shared/catalogs/ethnicities';
import { findNationality, suggestNationalities } from '../../../shared/catalogs/nationalities';
import { GENDERS } from '../../../shared/catalogs/people';
import { findChangedField, suggestChangedFields } from '../../../shared/catalogs/pick-lists';
import type { FieldMark } from '../../../shared/records/marks';
import { PartialDateInput } from '../PartialDateInput';
import { CatalogCombobox } from './CatalogCombobox';
import { fieldId, useEntryForm } from './FormContext';
import { conditionPath, requiredGiven, type FieldSpec } from './spec';

function errorAt(errors: FieldValues, path: string): string | undefined {
  let current: unknown = errors;
  for (const step of path.split('.')) {
    if (!current || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[step];
  }
  const message = (current as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? message : undefined;
}

export type MarkKind = 'docChuaChac' | 'khongDocDuoc' | 'amLich';

export const MARK_BUTTONS: { kind: MarkKind; label: string; title: string; dateOnly?: boolean }[] = [
  {
    kind: 'docChuaChac',
    label: 'Đọc chưa chắc',
    title: 'Giữ giá trị đã đọc và đánh dấu cho người kiểm tra (Alt+D khi đang ở ô này)',
  },
  {
    kind: 'khongDocDuoc',
    label: 'Không đọc được',
    title: 'Sổ không ghi hoặc không đọc được: để trống ô này (Alt+K khi đang ở ô này)',
  },
  { kind: 'amLich', label: 'Âm lịch', title: 'Sổ ghi ngày theo âm lịch: ghi nguyên văn', dateOnly: true },
];

export function markKind(mark: FieldMark | undefined): MarkKind | undefined {
  if (!mark) return undefined;
  if (mark.docChuaChac) return 'docChuaChac';
  if (mark.khongDocDuoc) return 'khongDocDuoc';
  if (mark.amLich !== undefined) return 'amLich';
  return undefined;
}

/** The mark a button sets: pressing the mark already set takes it off. */
export function toggledMark(mark: FieldMark | undefined, kind: MarkKind): FieldMark | undefined {
  if (markKind(mark) === kind) return undefined;
  return kind === 'amLich' ? { amLich: '' } : { [kind]: true };
}

export function Field({ spec }: { spec: FieldSpec }) {
  const { register, control, formState } = useFormContext();
  const form = useEntryForm();
  // A conditional mark follows the field it depends on (LH: the judgment's country).
  const conditionValue: unknown = useWatch({ control, name: conditionPath(spec) ?? spec.path });
  const required = requiredGiven(spec, conditionValue);
  const id = fieldId(form.idPrefix, spec.path);
  const error = errorAt(formState.errors, spec.path);
  const warnings = form.warnings.get(spec.path) ?? [];
  const requested = form.requested?.get(spec.path) ?? [];
  const mark = form.marks[spec.path];
  const kind = markKind(mark);
  const carried = form.carried.has(spec.path);
  const describedBy = `${id}-msg`;
  const common = {
    id,
    'data-path': spec.path,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy,
    'aria-required': required || undefined,
    'data-copyable': spec.copyable || undefined,
    'data-date': spec.kind === 'date' || undefined,
  } as const;
  const touched = () => carried && form.clearCarried(spec.path);

  let control_: React.ReactNode;
  switch (spec.kind) {
    case 'date':
    case 'ethnicity':
    case 'nationality':
    case 'changedField':
    case 'checkboxes':
      control_ = (
        <Controller
          control={control}
          name={spec.path}
          render={({ field }) => {
            const change = (v: unknown) => {
              touched();
              field.onChange(v);
            };
            if (spec.kind === 'date') {
              return (
                <PartialDateInput
                  {...common}
                  ref={field.ref}
                  name={field.name}
                  value={field.value as string}
                  onChange={change}
                  onBlur={field.onBlur}
                />
              );
            }
            if (spec.kind === 'checkboxes') {
              const chosen = new Set((field.value as string[] | undefined) ?? []);
              return (
                <div
                  className="checkbox-list"
                  role="group"
                  aria-labelledby={`${id}-label`}
                  aria-describedby={describedBy}
                >
                  {spec.options?.map((o, i) => (
                    <label key={o.code}>
                      <input
                        type="checkbox"
                        ref={i === 0 ? field.ref : undefined}
                        data-path={i === 0 ? spec.path : undefined}
                        checked={chosen.has(o.code)}
                        onChange={(e) => {
                          const next = new Set(chosen);
                          if (e.target.checked) next.add(o.code);
                          else next.delete(o.code);
                          change(spec.options!.map((x) => x.code).filter((c) => next.has(c)));
                        }}
                      />
                      {o.name}
                    </label>
                  ))}
                </div>
              );
            }
            const lookup =
              spec.kind === 'ethnicity'
                ? { find: findEthnicity, suggest: suggestEthnicities }
                : spec.kind === 'changedField'
                  ? { find: findChangedField, suggest: suggestChangedFields, freeText: true }
                  : { find: findNationality, suggest: suggestNationalities };
            return (
              <CatalogCombobox
                {...common}
                {...lookup}
                ref={field.ref}
                name={field.name}
                value={field.value as string}
                onChange={change}
                onBlur={field.onBlur}
              />
            );
          }}
        />
      );
      break;
    case 'textarea':
      control_ = <textarea {...common} rows={2} {...register(spec.path, { onChange: touched })} />;
      break;
    case 'int':
      control_ = (
        <input
          {...common}
          inputMode="numeric"
          autoComplete="off"
          {...register(spec.path, { valueAsNumber: true, onChange: touched })}
        />
      );
      break;
    case 'select':
    case 'sex':
    case 'idType': {
      const options =
        spec.kind === 'sex'
          ? GENDERS
          : spec.kind === 'idType'
            ? ID_TYPES.filter((t) => t.code !== '0')
            : (spec.options ?? []);
      // Codes lead the option text, so typing the code on the keyboard picks it.
      const showCode = spec.kind !== 'select';
      control_ = (
        <select {...common} {...register(spec.path, { onChange: touched })}>
          <option value="">—</option>
          {options.map((o) => (
            <option key={o.code} value={o.code}>
              {showCode ? `${o.code} – ${o.name}` : o.name}
            </option>
          ))}
        </select>
      );
      break;
    }
    default:
      control_ = (
        <input
          {...common}
          autoComplete="off"
          placeholder={spec.placeholder}
          {...register(spec.path, { onChange: touched })}
        />
      );
  }

  return (
    <div
      className={`field${spec.size ? ` ${spec.size}` : ''}${carried ? ' carried' : ''}${kind ? ' marked' : ''}${warnings.length ? ' warned' : ''}${requested.length ? ' requested' : ''}`}
    >
      <div className="field-label">
        <label htmlFor={spec.kind === 'checkboxes' ? undefined : id} id={`${id}-label`}>
          {spec.label}
        </label>
        {/* Outside the label, so that the control's name stays exactly the book's wording. */}
        {required && (
          <span className="required" aria-hidden="true" title="Bắt buộc (hoặc đánh dấu không đọc được)">
            *
          </span>
        )}
        {carried && (
          <button
            type="button"
            className="chip"
            tabIndex={-1}
            title="Giá trị mang sang từ trường hợp trước; bấm để xóa"
            aria-label={`Xóa giá trị mang sang của ô ${spec.label}`}
            onClick={() => form.clearCarried(spec.path)}
          >
            mang sang ×
          </button>
        )}
      </div>
      {control_}
      {kind === 'amLich' && (
        <input
          className="lunar-text"
          aria-label={`Ngày âm lịch như ghi trong sổ: ${spec.label}`}
          placeholder="Ghi nguyên văn, ví dụ: năm Giáp Thân"
          value={mark?.amLich ?? ''}
          onChange={(e) => form.setMark(spec.path, { amLich: e.target.value })}
        />
      )}
      <div id={describedBy} className="field-messages">
        {kind && kind !== 'amLich' && (
          <p className="field-message mark-state">Đã đánh dấu: {MARK_BUTTONS.find((b) => b.kind === kind)?.label}</p>
        )}
        {error && (
          <p className="field-message error" role="alert">
            {error}
          </p>
        )}
        {warnings.map((w) => (
          <p key={w} className="field-message warning">
            Lưu ý: {w}
          </p>
        ))}
        {requested.map((r) => (
          <p key={r} className="field-message requested">
            {r}
          </p>
        ))}
      </div>
    </div>
  );
}
