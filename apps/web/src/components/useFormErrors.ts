/**
 * Puts a failed request's problems where the user is looking: on the form field the server
 * named (400 VALIDATION_FAILED details, or `details.field` of a domain error such as
 * UNIT_CODE_TAKEN), otherwise in a message with the server's localised text.
 */
import { App, type FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError, fieldProblems } from '../api/client.ts';
import { describePasswordProblem, serverPasswordProblems } from '../features/auth/passwordProblems.ts';

type NamePath = (string | number)[];

/** "parts[1].code" → ['parts', 1, 'code'] as antd Form names it. */
export function toNamePath(field: string): NamePath {
  return field
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter(Boolean)
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

function domainField(err: ApiError): string | undefined {
  const details = err.details as { field?: unknown } | undefined;
  return typeof details?.field === 'string' ? details.field : undefined;
}

export function useFormErrors(form: FormInstance, opts: { passwordField?: string } = {}) {
  const { message } = App.useApp();
  const { t } = useTranslation();

  return (err: unknown) => {
    if (!(err instanceof ApiError)) {
      message.error(t('errors.unexpected'));
      return;
    }
    const registered = new Set(Object.keys(form.getFieldsValue()));
    const onField = (field: string) => registered.has(String(toNamePath(field)[0]));

    const problems = serverPasswordProblems(err);
    if (problems.length && opts.passwordField) {
      form.setFields([{ name: opts.passwordField, errors: problems.map((p) => describePasswordProblem(p, t)) }]);
      return;
    }
    const fields = fieldProblems(err).filter((p) => onField(p.field));
    if (fields.length) {
      form.setFields(fields.map((p) => ({ name: toNamePath(p.field), errors: [p.message] })));
      return;
    }
    const field = domainField(err);
    if (field && onField(field)) {
      form.setFields([{ name: toNamePath(field), errors: [err.message] }]);
      return;
    }
    message.error(err.message);
  };
}
