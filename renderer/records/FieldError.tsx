/** A field's message, placed next to it and announced by screen readers. */
export function FieldError({
  id,
  message,
  tone = 'error',
}: {
  id: string;
  message?: string;
  tone?: 'error' | 'warning';
}) {
  return (
    <p id={id} className={`field-message ${tone}`} role={message && tone === 'error' ? 'alert' : undefined}>
      {message ?? ''}
    </p>
  );
}
