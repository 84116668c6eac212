/**
 * A partial-date field: the clerk types dd/mm/yyyy, mm/yyyy, yyyy or digits only; the form
 * holds the ISO value. What cannot be read as a date is kept as typed so the schema flags it.
 */
import { forwardRef, useEffect, useState, type InputHTMLAttributes } from 'react';
import { formatForDisplay, parseTypedDate, toIso } from '../../shared/dates/partial-date';

interface Props extends Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'> {
  value: string | undefined;
  onChange: (value: string) => void;
}

export function typedToValue(text: string): string {
  if (text.trim() === '') return '';
  const parsed = parseTypedDate(text);
  return parsed ? toIso(parsed) : text.trim();
}

export const PartialDateInput = forwardRef<HTMLInputElement, Props>(function PartialDateInput(
  { value, onChange, onBlur, ...rest },
  ref,
) {
  const [text, setText] = useState(() => formatForDisplay(value ?? ''));
  // Follow value changes made by the form (reset, carry-over), not the clerk's own typing.
  useEffect(() => {
    if (typedToValue(text) !== (value ?? '')) setText(formatForDisplay(value ?? ''));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value]);
  return (
    <input
      {...rest}
      ref={ref}
      inputMode="numeric"
      autoComplete="off"
      placeholder="dd/mm/yyyy"
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        onChange(typedToValue(e.target.value));
      }}
      onBlur={(e) => {
        const normalised = typedToValue(text);
        if (normalised && parseTypedDate(text)) setText(formatForDisplay(normalised));
        onBlur?.(e);
      }}
    />
  );
});
