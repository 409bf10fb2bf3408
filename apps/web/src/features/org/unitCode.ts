/**
 * Instant feedback on a unit code from the shared rule (`checkUnitCode`): the same check the
 * server runs, so a wrong code is named before the form is sent.
 */
import { type CodeProblem, checkUnitCode, significantPrefix, type UnitKind } from '@gongzhi/domain';
import type { FormRule } from 'antd';
import type { TFunction } from 'i18next';

export interface ParentCode {
  kind: UnitKind;
  code: string;
}

function parentPrefix(parent: ParentCode | undefined): string {
  return parent && parent.kind !== 'department' ? significantPrefix(parent.kind, parent.code) : '';
}

export function describeCodeProblem(
  problem: CodeProblem,
  kind: UnitKind,
  parent: ParentCode | undefined,
  t: TFunction,
): string {
  switch (problem) {
    case 'CODE_FORMAT':
      return kind === 'grid'
        ? t('org.code.format.grid')
        : kind === 'department'
          ? t('org.code.format.department')
          : t('org.code.format.admin');
    case 'CODE_LEVEL':
      return t(`org.code.level.${kind}`);
    case 'CODE_PARENT':
      return t('org.code.parent', { prefix: parentPrefix(parent) });
  }
}

export function unitCodeHelp(kind: UnitKind | undefined, parent: ParentCode | undefined, t: TFunction): string {
  if (!kind) return '';
  const prefix = parentPrefix(parent);
  // Until the parent is known only the code's shape can be described.
  if (!prefix && kind !== 'district' && kind !== 'department')
    return describeCodeProblem('CODE_FORMAT', kind, parent, t);
  return t(`org.code.help.${kind}`, { prefix });
}

/** An antd rule; `kind` and `parent` are read when the rule runs, so they may change. */
export function unitCodeRule(
  current: () => { kind: UnitKind | undefined; parent: ParentCode | undefined },
  t: TFunction,
): FormRule {
  return {
    validator: async (_rule, value: unknown) => {
      if (typeof value !== 'string' || value === '') throw new Error(t('org.code.required'));
      const { kind, parent } = current();
      if (!kind) return;
      const problem = checkUnitCode(kind, value, parent);
      if (problem) throw new Error(describeCodeProblem(problem, kind, parent, t));
    },
  };
}

/** The 2–500 character reason the server asks for on structural changes. */
export function reasonRules(t: TFunction, required: boolean): FormRule[] {
  return [
    { required, whitespace: true, message: t('org.reason.required') },
    { min: 2, max: 500, message: t('org.reason.length') },
  ];
}
