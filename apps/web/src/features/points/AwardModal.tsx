/**
 * 奖扣: staff award or deduct a rule's points directly, without a claim — to a person picked
 * from the register, or to the account the dialog was opened on. The rule says whose account
 * it credits: a household rule goes to the person's household, a party rule to their party
 * member account. A deduction needs a reason, and the person will see it.
 */
import { Alert, App, DatePicker, Form, Input, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { FormModal } from '../../components/FormModal.tsx';
import { useFormErrors } from '../../components/useFormErrors.ts';
import { PersonPicker } from '../registry/PersonPicker.tsx';
import { chinaToday, HolderTag, Points } from './display.tsx';
import { useAward } from './hooks-claims.ts';
import { type PointsHolderKind, useRegisteredPerson } from './hooks-ledger.ts';
import { type Rule, useCatalogue } from './hooks-rules.ts';

/** The account the dialog was opened on: its holder is fixed, and only rules for its kind are offered. */
export interface AwardTarget {
  kind: PointsHolderKind;
  name: string;
  person: string | null;
  household: string | null;
}

interface Values {
  person?: string;
  rule: string;
  occurredOn: Dayjs;
  reason?: string;
}

export function AwardModal({
  community,
  target,
  onClose,
}: {
  community: string | undefined;
  target?: AwardTarget;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const showError = useFormErrors(form);
  const award = useAward();
  const catalogue = useCatalogue(community);
  const picked = Form.useWatch('person', form);
  const ruleId = Form.useWatch('rule', form);
  const person = useRegisteredPerson(target ? undefined : picked);

  // Rules in force today; an account opened on takes only the rules that credit its kind.
  const rules = useMemo(() => {
    const all = (catalogue.data?.categories ?? []).flatMap((c) =>
      c.rules.filter((r) => !r.retiredAt && r.validToday).map((r) => ({ rule: r, group: c.name })),
    );
    return target ? all.filter(({ rule }) => rule.current.appliesTo === target.kind) : all;
  }, [catalogue.data, target]);
  const rule: Rule | undefined = rules.find((r) => r.rule.id === ruleId)?.rule;
  const deduction = (rule?.current.points ?? 0) < 0;
  const household = target ? target.household : (person.data?.household?.id ?? null);
  const noHousehold = rule?.current.appliesTo === 'household' && !household && (target || person.data);

  const groups = useMemo(() => {
    const byGroup = new Map<string, { label: string; value: string }[]>();
    for (const { rule: r, group } of rules) {
      const sign = r.current.points > 0 ? `+${r.current.points}` : `−${Math.abs(r.current.points)}`;
      const list = byGroup.get(group) ?? [];
      list.push({ value: r.id, label: `${r.code} ${r.current.title} (${sign})` });
      byGroup.set(group, list);
    }
    return [...byGroup].map(([label, options]) => ({ label, options }));
  }, [rules]);

  const onFinish = (v: Values) => {
    if (!rule) return;
    const toHousehold = rule.current.appliesTo === 'household';
    const personId = target ? target.person : (v.person ?? null);
    award.mutate(
      {
        ...(toHousehold ? { household: household ?? undefined } : { person: personId ?? undefined }),
        rule: rule.id,
        occurredOn: v.occurredOn.format('YYYY-MM-DD'),
        reason: v.reason?.trim() || undefined,
      },
      {
        onSuccess: (r) => {
          message.success(
            r.transfer.amount < 0
              ? t('points.ledger.deducted', { points: -r.transfer.amount, balance: r.account.balance })
              : t('points.ledger.awarded', { points: r.transfer.amount, balance: r.account.balance }),
          );
          onClose();
        },
        onError: showError,
      },
    );
  };

  return (
    <FormModal
      title={target ? t('points.ledger.awardTo', { name: target.name }) : t('points.ledger.awardTitle')}
      onCancel={onClose}
      onSubmit={form.submit}
      submitting={award.isPending}
      submitText={deduction ? t('points.ledger.deductSubmit') : t('points.ledger.awardSubmit')}
      submitTestId="award-submit"
      danger={deduction}
    >
      {catalogue.isError && (
        <Alert type="error" showIcon title={catalogue.error.message} style={{ marginBottom: 12 }} />
      )}
      <Form form={form} layout="vertical" onFinish={onFinish} initialValues={{ occurredOn: dayjs(chinaToday()) }}>
        {target ? (
          <Form.Item label={t('points.ledger.holder')}>
            <span>
              {target.name} <HolderTag kind={target.kind} />
            </span>
          </Form.Item>
        ) : (
          <Form.Item
            label={t('points.ledger.person')}
            name="person"
            rules={[{ required: true, message: t('points.ledger.personRequired') }]}
          >
            <PersonPicker status="resident" testId="award-person" />
          </Form.Item>
        )}
        <Form.Item
          label={t('points.ledger.rule')}
          name="rule"
          rules={[{ required: true, message: t('points.ledger.ruleRequired') }]}
          extra={rule && <RuleNote rule={rule} />}
        >
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            loading={catalogue.isPending}
            options={groups}
            notFoundContent={t('points.ledger.noRules')}
            data-testid="award-rule"
          />
        </Form.Item>
        {noHousehold && (
          <Alert type="warning" showIcon title={t('points.ledger.noHousehold')} style={{ marginBottom: 12 }} />
        )}
        <Form.Item
          label={t('points.ledger.occurredOn')}
          name="occurredOn"
          rules={[{ required: true, message: t('points.ledger.occurredOnRequired') }]}
        >
          <DatePicker
            inputReadOnly
            style={{ width: '100%' }}
            disabledDate={(d) => d.isAfter(dayjs(chinaToday()), 'day')}
          />
        </Form.Item>
        <Form.Item
          label={deduction ? t('points.ledger.deductReason') : t('points.ledger.awardReason')}
          name="reason"
          extra={deduction ? t('points.ledger.deductReasonHint') : undefined}
          rules={[
            { required: deduction, whitespace: true, message: t('points.ledger.deductReasonRequired') },
            { max: 500 },
          ]}
        >
          <Input.TextArea rows={3} maxLength={500} showCount data-testid="award-reason" />
        </Form.Item>
      </Form>
    </FormModal>
  );
}

/** What the picked rule gives, whose account it credits and its caps. */
function RuleNote({ rule }: { rule: Rule }) {
  const { t } = useTranslation();
  return (
    <span>
      <Points value={rule.current.points} /> · {t(`points.common.appliesTo.${rule.current.appliesTo}`)}
      {rule.inherited && ` · ${t(`points.rules.from.${rule.owner.kind}`, { name: rule.owner.name })}`}
    </span>
  );
}
