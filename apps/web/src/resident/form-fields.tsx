/**
 * The fields of a resident's form: a label, the input, and under it the field's problem,
 * announced (role=alert) and tied to the input (aria-describedby) so a screen reader reads it
 * with the field. `useFieldProblems` keeps the problems of a form, from its own checks or named
 * by the server, and focuses the first field that has one.
 */
import { type InputHTMLAttributes, useState } from 'react';
import { fieldProblems } from '../api/client.ts';

export type FieldProblems<K extends string> = Partial<Record<K, string>>;

export function useFieldProblems<K extends string>(ids: string) {
  const [problems, setProblems] = useState<FieldProblems<K>>({});
  return {
    problems,
    /** Shows what a check found and focuses the first field; true when there was anything. */
    show(found: FieldProblems<K>): boolean {
      setProblems(found);
      const first = Object.keys(found)[0];
      if (first) document.getElementById(`${ids}-${first}`)?.focus();
      return first !== undefined;
    },
    /**
     * Shows the problems the server named in its error, each under its field (`rename` maps a
     * request field to the form's); true when it named any.
     */
    showServer(err: unknown, names: readonly K[], rename: Partial<Record<string, K>> = {}): boolean {
      const found: FieldProblems<K> = {};
      for (const f of fieldProblems(err)) {
        const field = f.field.replace(/^\/?(body\.)?/, '').replace(/^\//, '');
        const name = rename[field] ?? (names.includes(field as K) ? (field as K) : undefined);
        if (name) found[name] = f.message;
      }
      setProblems(found);
      return Object.keys(found).length > 0;
    },
  };
}

type TextFieldProps = {
  /** The form's `useId()`: the field's id is `${ids}-${name}`. */
  ids: string;
  name: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  problem?: string | undefined;
  /** A textarea rather than a one-line input. */
  multiline?: boolean;
  testId: string;
  /** Shown under the input, above its problem (the amount a typed figure comes to …). */
  hint?: string | null;
} & Pick<InputHTMLAttributes<HTMLInputElement>, 'maxLength' | 'inputMode'>;

export function TextField({
  ids,
  name,
  label,
  value,
  onChange,
  problem,
  multiline,
  testId,
  hint,
  ...rest
}: TextFieldProps) {
  const id = `${ids}-${name}`;
  const problemId = `${id}-problem`;
  const common = {
    id,
    value,
    'aria-invalid': Boolean(problem),
    'aria-describedby': problem ? problemId : undefined,
    'data-testid': testId,
    maxLength: rest.maxLength,
  };
  return (
    <div className="gzr-field">
      <label className="gzr-label" htmlFor={id}>
        {label}
      </label>
      {multiline ? (
        <textarea {...common} className="gzr-textarea" onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input
          {...common}
          className="gzr-input"
          inputMode={rest.inputMode}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
      {hint ? <p className="gzr-muted">{hint}</p> : null}
      {problem ? (
        <p id={problemId} className="gzr-field-error" role="alert">
          {problem}
        </p>
      ) : null}
    </div>
  );
}
