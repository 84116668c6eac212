/**
 * A picker for a code list (ethnicity, nationality) that accepts what clerks type: the code
 * ("01"), the name, or an alias, without diacritics ("mông", "khmer", "hoa ky"). Typing is
 * never rewritten while composing (Vietnamese IMEs); the canonical name is set on Tab/Enter/blur.
 */
import {
  forwardRef,
  useCallback,
  useId,
  useLayoutEffect,
  useRef,
  useState,
  type CSSProperties,
  type InputHTMLAttributes,
  type KeyboardEvent,
} from 'react';
import type { CatalogEntry } from '../../../shared/catalogs/lookup';

interface Props extends Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'> {
  value: string | undefined;
  onChange: (value: string) => void;
  find: (input: string) => CatalogEntry | undefined;
  suggest: (input: string, limit?: number) => CatalogEntry[];
  /** Any text may stay (the list only suggests): Tab keeps what was typed unless it names an entry. */
  freeText?: boolean;
}

export const CatalogCombobox = forwardRef<HTMLInputElement, Props>(function CatalogCombobox(
  { value, onChange, find, suggest, freeText, onBlur, onKeyDown, ...rest },
  ref,
) {
  const listId = useId();
  const [text, setText] = useState<string>();
  const [active, setActive] = useState(0);
  const shown = text ?? value ?? '';
  const suggestions = text !== undefined && text.trim() ? suggest(text, 8) : [];
  const open = suggestions.length > 0;

  // The list floats over everything (position: fixed), below the box or above it when the window
  // has more room there, so that no pane, fieldset or save bar cuts it off.
  const box = useRef<HTMLDivElement>(null);
  const [place, setPlace] = useState<CSSProperties>();
  const measure = useCallback(() => {
    const rect = box.current?.getBoundingClientRect();
    if (!rect) return;
    const below = window.innerHeight - rect.bottom - 8;
    const above = rect.top - 8;
    const wanted = 224;
    const up = below < wanted && above > below;
    setPlace({
      position: 'fixed',
      left: rect.left,
      width: rect.width,
      right: 'auto',
      maxHeight: Math.max(80, Math.min(wanted, up ? above : below)),
      ...(up ? { bottom: window.innerHeight - rect.top, top: 'auto' } : { top: rect.bottom }),
    });
  }, []);
  useLayoutEffect(() => {
    if (!open) return;
    measure();
    window.addEventListener('scroll', measure, true);
    window.addEventListener('resize', measure);
    return () => {
      window.removeEventListener('scroll', measure, true);
      window.removeEventListener('resize', measure);
    };
  }, [open, measure]);

  function accept(entry?: CatalogEntry) {
    const typed = text ?? value ?? '';
    const chosen = entry ?? find(typed);
    onChange(chosen ? chosen.name : typed.trim());
    setText(undefined);
    setActive(0);
  }

  function keyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.nativeEvent.isComposing) return;
    if (open && event.key === 'ArrowDown') {
      event.preventDefault();
      setActive((a) => Math.min(suggestions.length - 1, a + 1));
    } else if (open && event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((a) => Math.max(0, a - 1));
    } else if (open && event.key === 'Enter') {
      // Enter picks the highlighted suggestion; the form's own Enter handling waits for the next one.
      event.preventDefault();
      accept(suggestions[active]);
      return;
    } else if (event.key === 'Escape' && text !== undefined) {
      event.stopPropagation();
      setText(undefined);
    }
    onKeyDown?.(event);
  }

  return (
    <div className="combobox" ref={box}>
      <input
        {...rest}
        ref={ref}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={listId}
        aria-activedescendant={open ? `${listId}-${active}` : undefined}
        autoComplete="off"
        value={shown}
        onChange={(e) => {
          setText(e.target.value);
          setActive(0);
        }}
        onKeyDown={keyDown}
        onBlur={(e) => {
          // Tab (or a click elsewhere) takes the best match of what was typed.
          if (text !== undefined) accept(find(text) ?? (text.trim() && !freeText ? suggestions[0] : undefined));
          onBlur?.(e);
        }}
      />
      {open && (
        <ul id={listId} role="listbox" className="combobox-list" style={place}>
          {suggestions.map((entry, i) => (
            <li
              key={entry.code}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              onMouseDown={(e) => {
                e.preventDefault();
                accept(entry);
              }}
            >
              <span className="code">{entry.code}</span> {entry.name}
              {entry.aliases.length > 0 && <span className="aliases"> ({entry.aliases.join(', ')})</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
});
