/**
 * 网格拆分 (Kongtong plan, task 5): a grid that grew too large becomes 2–10 new grids. The
 * old grid is retired, its history points at the new ones, and the grid workers' and staff
 * roles move to the part chosen under "grantsTo".
 */
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Radio, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { FormModal } from '../../components/FormModal.tsx';
import { useFormErrors } from '../../components/useFormErrors.ts';
import { ReasonField } from './fields.tsx';
import { type UnitDetail, useSplitGrid } from './hooks.ts';
import type { TreeIndex } from './treeIndex.ts';
import { type ParentCode, unitCodeHelp, unitCodeRule } from './unitCode.ts';

const MIN_PARTS = 2;
const MAX_PARTS = 10;

interface Values {
  parts: { name: string; code: string }[];
  reason: string;
  grantsTo: number;
}

export function SplitGridModal({
  grid,
  index,
  onClose,
  onDone,
}: {
  grid: UnitDetail;
  index: TreeIndex;
  onClose: () => void;
  onDone: (ids: string[]) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const showError = useFormErrors(form);
  const split = useSplitGrid();
  const parts = Form.useWatch('parts', form) ?? [];
  const parentNode = grid.parentId ? index.node(grid.parentId) : undefined;
  const parent: ParentCode | undefined = parentNode ? { kind: parentNode.kind, code: parentNode.code } : undefined;

  const onFinish = (values: Values) =>
    split.mutate(
      {
        id: grid.id,
        parts: values.parts.map((p) => ({ name: p.name.trim(), code: p.code })),
        reason: values.reason.trim(),
        grantsTo: values.grantsTo,
      },
      {
        onSuccess: ({ created }) => {
          message.success(t('org.split.done', { count: created.length }));
          onDone(created.map((u) => u.id));
        },
        onError: showError,
      },
    );

  return (
    <FormModal
      title={t('org.split.title', { name: grid.name })}
      onCancel={onClose}
      onSubmit={form.submit}
      submitting={split.isPending}
      submitText={t('org.split.submit')}
      submitTestId="split-submit"
      width={680}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={onFinish}
        initialValues={{
          parts: [
            { name: '', code: '' },
            { name: '', code: '' },
          ],
          grantsTo: 0,
        }}
      >
        <Form.List
          name="parts"
          rules={[
            {
              validator: async (_rule, value: unknown[] | undefined) => {
                if (!value || value.length < MIN_PARTS) throw new Error(t('org.split.minParts', { min: MIN_PARTS }));
              },
            },
          ]}
        >
          {(fields, { add, remove }, { errors }) => (
            <>
              {fields.map((field, i) => (
                <fieldset key={field.key} className="gz-fieldset">
                  <legend>{t('org.split.part', { n: i + 1 })}</legend>
                  <Space align="start" wrap style={{ width: '100%' }}>
                    <Form.Item
                      label={t('org.field.name')}
                      name={[field.name, 'name']}
                      rules={[{ required: true, whitespace: true, max: 64, message: t('org.field.nameRequired') }]}
                    >
                      <Input maxLength={64} data-testid={`split-part-name-${i}`} style={{ width: 220 }} />
                    </Form.Item>
                    <Form.Item
                      label={t('org.field.code')}
                      name={[field.name, 'code']}
                      required
                      rules={[unitCodeRule(() => ({ kind: 'grid', parent }), t)]}
                    >
                      <Input
                        inputMode="numeric"
                        maxLength={15}
                        data-testid={`split-part-code-${i}`}
                        style={{ width: 200 }}
                      />
                    </Form.Item>
                    {fields.length > MIN_PARTS && (
                      <Button
                        className="gz-split-remove"
                        icon={<DeleteOutlined />}
                        aria-label={t('org.split.removePart', { n: i + 1 })}
                        onClick={() => {
                          remove(field.name);
                          if (form.getFieldValue('grantsTo') >= fields.length - 1) form.setFieldValue('grantsTo', 0);
                        }}
                      />
                    )}
                  </Space>
                </fieldset>
              ))}
              <Form.Item extra={unitCodeHelp('grid', parent, t)}>
                <Button
                  type="dashed"
                  icon={<PlusOutlined />}
                  disabled={fields.length >= MAX_PARTS}
                  onClick={() => add({ name: '', code: '' })}
                  data-testid="split-add-part"
                >
                  {t('org.split.addPart')}
                </Button>
                <Form.ErrorList errors={errors} />
              </Form.Item>
            </>
          )}
        </Form.List>
        <Form.Item label={t('org.split.grantsTo')} name="grantsTo" extra={t('org.split.grantsToHelp')}>
          <Radio.Group
            options={parts.map((p, i) => ({
              value: i,
              label: p?.name?.trim() || t('org.split.part', { n: i + 1 }),
            }))}
          />
        </Form.Item>
        <ReasonField required testId="split-reason" />
      </Form>
    </FormModal>
  );
}
