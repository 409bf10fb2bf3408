/**
 * What a grid worker records about one person: 迁出, 死亡, 流动人口离开 (life events with an
 * effective date, appended, never overwriting), and 更正信息 (a correction with its reason).
 */
import type { PersonProfile } from '@gongzhi/api';
import { App, Checkbox, Form, Input, Radio, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { FormModal } from '../../components/FormModal.tsx';
import { useFormErrors } from '../../components/useFormErrors.ts';
import { reasonRules } from '../org/unitCode.ts';
import { DateField, ethnicityOptions, idNumberRule, phoneRule, toDate } from './fields.tsx';
import { useRecordPersonEvent, useUpdatePerson } from './hooks.ts';

export type PersonEventKind = 'move_out' | 'death' | 'migrant_departure';

export function PersonEventModal({
  person,
  event,
  onClose,
}: {
  person: PersonProfile;
  event: PersonEventKind;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ effectiveDate: Dayjs; destination?: string; note?: string }>();
  const showError = useFormErrors(form);
  const record = useRecordPersonEvent();

  return (
    <FormModal
      title={t(`registry.eventTitle.${event}`, { name: person.name })}
      onCancel={onClose}
      onSubmit={form.submit}
      submitting={record.isPending}
      submitTestId={`event-${event}-submit`}
      danger={event === 'death'}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ effectiveDate: dayjs() }}
        onFinish={(v) =>
          record.mutate(
            {
              id: person.id,
              event,
              effectiveDate: toDate(v.effectiveDate) ?? '',
              destination: v.destination?.trim() || undefined,
              note: v.note?.trim() || undefined,
            },
            {
              onSuccess: () => {
                message.success(t('registry.event.recorded'));
                onClose();
              },
              onError: showError,
            },
          )
        }
      >
        <DateField name="effectiveDate" label={t('registry.event.effectiveDate')} required />
        {event === 'move_out' && (
          <Form.Item label={t('registry.event.destination')} name="destination" rules={[{ max: 128 }]}>
            <Input maxLength={128} />
          </Form.Item>
        )}
        <Form.Item label={t('registry.field.note')} name="note" rules={[{ max: 500 }]}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </FormModal>
  );
}

interface CorrectionValues {
  name: string;
  gender?: 'male' | 'female';
  birthDate?: Dayjs | null;
  idNumber?: string;
  phone?: string;
  ethnicity?: string | null;
  registeredHere: boolean;
  registeredAddress?: string;
  partyMember: boolean;
  reason: string;
}

/**
 * 更正信息. The id number and phone fields start empty (the page only ever holds masked
 * values): a value typed there replaces the stored one, an empty field keeps it.
 */
export function UpdatePersonModal({ person, onClose }: { person: PersonProfile; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<CorrectionValues>();
  const showError = useFormErrors(form);
  const update = useUpdatePerson();
  const registeredHere = Form.useWatch('registeredHere', form) ?? person.registeredHere;

  const onFinish = (v: CorrectionValues) => {
    const birthDate = toDate(v.birthDate);
    const body = {
      id: person.id,
      reason: v.reason.trim(),
      ...(v.name.trim() !== person.name ? { name: v.name.trim() } : {}),
      ...(v.gender && v.gender !== person.gender ? { gender: v.gender } : {}),
      ...(birthDate && birthDate !== person.birthDate ? { birthDate } : {}),
      ...(v.idNumber?.trim() ? { idNumber: v.idNumber.trim().toUpperCase() } : {}),
      ...(v.phone?.trim() ? { phone: v.phone.trim() } : {}),
      ...((v.ethnicity ?? null) !== person.ethnicity ? { ethnicity: v.ethnicity ?? null } : {}),
      ...(v.registeredHere !== person.registeredHere ? { registeredHere: v.registeredHere } : {}),
      ...((v.registeredAddress?.trim() || null) !== person.registeredAddress
        ? { registeredAddress: v.registeredAddress?.trim() || null }
        : {}),
      ...(v.partyMember !== person.partyMember ? { partyMember: v.partyMember } : {}),
    };
    update.mutate(body, {
      onSuccess: () => {
        message.success(t('registry.correct.done'));
        onClose();
      },
      onError: showError,
    });
  };

  return (
    <FormModal
      title={t('registry.correct.title', { name: person.name })}
      onCancel={onClose}
      onSubmit={form.submit}
      submitting={update.isPending}
      submitTestId="correct-submit"
      width={620}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={onFinish}
        initialValues={{
          name: person.name,
          gender: person.gender ?? undefined,
          birthDate: person.birthDate ? dayjs(person.birthDate) : null,
          ethnicity: person.ethnicity,
          registeredHere: person.registeredHere,
          registeredAddress: person.registeredAddress ?? '',
          partyMember: person.partyMember,
        }}
      >
        <Form.Item
          label={t('registry.person.name')}
          name="name"
          rules={[{ required: true, whitespace: true, max: 64, message: t('registry.field.nameRequired') }]}
        >
          <Input maxLength={64} />
        </Form.Item>
        <Form.Item label={t('registry.person.gender')} name="gender">
          <Radio.Group
            options={[
              { value: 'male', label: t('registry.gender.male') },
              { value: 'female', label: t('registry.gender.female') },
            ]}
          />
        </Form.Item>
        <DateField name="birthDate" label={t('registry.person.birthDate')} />
        <Form.Item
          label={t('registry.correct.newIdNumber')}
          name="idNumber"
          rules={[idNumberRule(t)]}
          extra={t('registry.correct.keepHelp', { value: person.idNumber ?? t('common.none') })}
        >
          <Input maxLength={18} autoComplete="off" />
        </Form.Item>
        <Form.Item
          label={t('registry.correct.newPhone')}
          name="phone"
          rules={[phoneRule(t)]}
          extra={t('registry.correct.keepHelp', { value: person.phone ?? t('common.none') })}
        >
          <Input inputMode="tel" maxLength={20} autoComplete="off" />
        </Form.Item>
        <Form.Item label={t('registry.person.ethnicity')} name="ethnicity">
          <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={ethnicityOptions(i18n.language)} />
        </Form.Item>
        <Form.Item name="registeredHere" valuePropName="checked">
          <Checkbox>{t('registry.person.registeredHereCheck')}</Checkbox>
        </Form.Item>
        {!registeredHere && (
          <Form.Item label={t('registry.person.registeredAddress')} name="registeredAddress" rules={[{ max: 128 }]}>
            <Input maxLength={128} />
          </Form.Item>
        )}
        <Form.Item name="partyMember" valuePropName="checked">
          <Checkbox>{t('registry.person.partyMember')}</Checkbox>
        </Form.Item>
        <Form.Item label={t('registry.field.reason')} name="reason" rules={reasonRules(t, true)}>
          <Input.TextArea rows={2} maxLength={500} showCount data-testid="correct-reason" />
        </Form.Item>
      </Form>
    </FormModal>
  );
}
