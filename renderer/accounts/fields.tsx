/** The pieces every account form shares: a labelled password box and the form's error line. */
import type { ReactNode } from 'react';

interface PasswordFieldProps {
  /** The visible label (the box's accessible name). */
  children: ReactNode;
  value: string;
  onChange: (value: string) => void;
  autoComplete?: 'new-password' | 'current-password';
  autoFocus?: boolean;
  required?: boolean;
}

export function PasswordField({ children, value, onChange, autoComplete, autoFocus, required }: PasswordFieldProps) {
  return (
    <label>
      {children}
      <input
        type="password"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        autoComplete={autoComplete}
        autoFocus={autoFocus}
        required={required}
      />
    </label>
  );
}

export function FormAlert({ error }: { error: string | undefined | null }) {
  return error ? (
    <p role="alert" className="error">
      {error}
    </p>
  ) : null;
}
