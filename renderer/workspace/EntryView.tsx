/**
 * An entry shown read-only, laid out as its form (the book's blocks in the book's order), with
 * the clerk's marks ("không rõ", "không đọc được", lunar date) next to their fields.
 */
import { idTypeName } from '../../shared/catalogs/id-types';
import { GENDERS } from '../../shared/catalogs/people';
import { formatForDisplay } from '../../shared/dates/partial-date';
import type { FieldMark } from '../../shared/records/marks';
import {
  fieldsOf,
  resolvePath,
  valueAtPath,
  type FieldSpec,
  type FormLayout,
  type LayoutItem,
} from '../records/form/spec';

type Data = Record<string, unknown>;

function shown(spec: FieldSpec, value: unknown): string {
  if (value === undefined || value === null || value === '') return '';
  if (Array.isArray(value)) {
    return value.map((v) => spec.options?.find((o) => o.code === v)?.name ?? String(v)).join(', ');
  }
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  switch (spec.kind) {
    case 'date':
      return formatForDisplay(text);
    case 'sex':
      return GENDERS.find((g) => g.code === text)?.name ?? text;
    case 'idType':
      return idTypeName(text);
    case 'select':
      return spec.options?.find((o) => o.code === text)?.name ?? text;
    default:
      return text;
  }
}

function markText(mark: FieldMark | undefined): string {
  if (!mark) return '';
  const parts = [
    mark.docChuaChac ? 'đọc chưa chắc' : '',
    mark.khongDocDuoc ? 'không đọc được' : '',
    mark.amLich ? `âm lịch: ${mark.amLich}` : '',
    mark.ghiChu ? `ghi chú: ${mark.ghiChu}` : '',
  ].filter(Boolean);
  return parts.length ? `(${parts.join('; ')})` : '';
}

/** Whether a block has anything to show (blocks left blank in the book are not listed). */
function hasContent(items: LayoutItem[], data: Data, prefix: string, requested: ReadonlySet<string>): boolean {
  const marks = (data.danhDau ?? {}) as Record<string, FieldMark>;
  return fieldsOf(items, data, prefix).some((f) => {
    const value = valueAtPath(data, f.path);
    return (
      (value !== undefined && value !== '' && !(Array.isArray(value) && value.length === 0)) ||
      !!marks[f.path] ||
      requested.has(f.path)
    );
  });
}

interface ItemsProps {
  items: LayoutItem[];
  data: Data;
  prefix: string;
  /** Fields the district asked to correct (issue 11): marked so the clerk finds them at once. */
  requested: ReadonlySet<string>;
}

function Items({ items, data, prefix, requested }: ItemsProps) {
  const marks = (data.danhDau ?? {}) as Record<string, FieldMark>;
  return (
    <>
      {items.map((item, i) => {
        switch (item.kind) {
          case 'row':
            return <Items key={i} items={item.fields} data={data} prefix={prefix} requested={requested} />;
          case 'group':
            if (!hasContent(item.items, data, prefix, requested)) return null;
            return (
              <section key={i} className="view-group" aria-label={item.legend}>
                <h4>{item.legend}</h4>
                <div className="view-fields">
                  <Items items={item.items} data={data} prefix={prefix} requested={requested} />
                </div>
              </section>
            );
          case 'list': {
            const list = valueAtPath(data, item.path);
            const count = Array.isArray(list) ? list.length : 0;
            return Array.from({ length: count }, (_, n) =>
              !hasContent(item.items, data, `${item.path}.${n}`, requested) ? null : (
                <section key={`${i}-${n}`} className="view-group" aria-label={item.legend(n)}>
                  <h4>{item.legend(n)}</h4>
                  <div className="view-fields">
                    <Items items={item.items} data={data} prefix={`${item.path}.${n}`} requested={requested} />
                  </div>
                </section>
              ),
            );
          }
          case 'custom':
            return null;
          default: {
            const path = resolvePath(item.path, prefix);
            const value = shown(item, valueAtPath(data, path));
            const mark = markText(marks[path]);
            const asked = requested.has(path);
            if (!value && !mark && !asked) return null;
            return (
              // One list per field: the fields sit among the blocks' sections, which a <dl> may not hold.
              <dl key={path} className={`view-field${asked ? ' requested' : ''}`} data-path={path}>
                <dt>{item.label}</dt>
                <dd>
                  {[value, mark].filter(Boolean).join(' ')}
                  {asked && <span className="requested-note"> (huyện yêu cầu sửa)</span>}
                </dd>
              </dl>
            );
          }
        }
      })}
    </>
  );
}

export function EntryView({
  layout,
  data,
  requested = new Set<string>(),
}: {
  layout: FormLayout;
  data: Data;
  requested?: ReadonlySet<string>;
}) {
  return (
    <div className="entry-view" aria-label="Nội dung trường hợp (chỉ xem)">
      <div className="view-fields">
        <Items items={layout.items} data={data} prefix="" requested={requested} />
      </div>
      {typeof data.trungSoLyDo === 'string' && (
        <dl className="view-fields">
          <div className="view-field">
            <dt>Lý do trùng số</dt>
            <dd>{data.trungSoLyDo}</dd>
          </div>
        </dl>
      )}
    </div>
  );
}
