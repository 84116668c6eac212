/** Draws a layout: fieldsets with legends for the book's blocks, rows of fields, lists of blocks. */
import { useFieldArray, useFormContext, useWatch } from 'react-hook-form';
import { Field } from './Field';
import { GuardianshipLink } from './GuardianshipLink';
import { resolvePath, type GroupSpec, type LayoutItem, type ListSpec } from './spec';

function withPrefix(item: LayoutItem, prefix: string): LayoutItem {
  switch (item.kind) {
    case 'row':
      return { ...item, fields: item.fields.map((f) => ({ ...f, path: resolvePath(f.path, prefix) })) };
    case 'group':
      return { ...item, items: item.items.map((i) => withPrefix(i, prefix)) };
    case 'list':
    case 'custom':
      return item;
    default:
      return { ...item, path: resolvePath(item.path, prefix) };
  }
}

function ListItems({ spec }: { spec: ListSpec }) {
  const { control } = useFormContext();
  const { fields, append, remove } = useFieldArray({ control, name: spec.path });
  return (
    <>
      {fields.map((item, index) => (
        <fieldset key={item.id}>
          <legend>{spec.legend(index)}</legend>
          <FormItems items={spec.items.map((i) => withPrefix(i, `${spec.path}.${index}`))} />
          {fields.length > spec.min && (
            <button type="button" className="small" tabIndex={-1} onClick={() => remove(index)}>
              Bỏ {spec.legend(index).toLowerCase()}
            </button>
          )}
        </fieldset>
      ))}
      {fields.length < spec.max && (
        <button type="button" className="small add" onClick={() => append(spec.blank())}>
          {spec.addLabel}
        </button>
      )}
    </>
  );
}

/** A block of the book; one that belongs to a kind (`when`) shows only for that kind. */
function Group({ spec }: { spec: GroupSpec }) {
  const { control } = useFormContext();
  const value = useWatch({ control, name: spec.when?.path ?? '', disabled: !spec.when }) as unknown;
  if (spec.when && value !== spec.when.equals) return null;
  return (
    <fieldset>
      <legend>{spec.legend}</legend>
      <FormItems items={spec.items} />
    </fieldset>
  );
}

export function FormItems({ items }: { items: LayoutItem[] }) {
  return (
    <>
      {items.map((item, i) => {
        switch (item.kind) {
          case 'row':
            return (
              <div className="field-row" key={i}>
                {item.fields.map((f) => (
                  <Field key={f.path} spec={f} />
                ))}
              </div>
            );
          case 'group':
            return <Group key={i} spec={item} />;
          case 'list':
            return <ListItems key={item.path} spec={item} />;
          case 'custom':
            return <GuardianshipLink key={i} />;
          default:
            return <Field key={item.path} spec={item} />;
        }
      })}
    </>
  );
}
