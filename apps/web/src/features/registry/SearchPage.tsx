/**
 * 居民查询: one box for a name, a 身份证号 or a phone (the exact kinds are recognised and sent
 * to their exact fields, which the server matches by blind index), and filters for unit, tag
 * and status. The search lives in the URL, so going back from a profile shows the same hits.
 * A table on a PC, cards on a grid worker's phone; numbers always masked.
 */
import type { PersonSummary } from '@gongzhi/api';
import {
  Alert,
  Button,
  Card,
  Col,
  Empty,
  Form,
  Grid,
  Input,
  List,
  Pagination,
  Row,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Typography,
} from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useFilterParams } from '../../components/useFilterParams.ts';
import { Masked, PersonStatusTag, TagList, tagName } from './display.tsx';
import { UnitPicker } from './fields.tsx';
import { type PersonSearch, usePersonSearch, useTags } from './hooks.ts';

const ID_NUMBER = /^\d{17}[\dXx]$/;
const PHONE = /^(?:\+?86[- ]?)?(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/;

/** Which field the box's text belongs to: an 18-character id number and a phone are exact fields. */
export function searchFields(text: string): Pick<PersonSearch, 'q' | 'idNumber' | 'phone'> {
  const value = text.trim();
  if (!value) return {};
  const compact = value.replace(/[\s-]/g, '');
  if (ID_NUMBER.test(compact)) return { idNumber: compact.toUpperCase() };
  if (PHONE.test(value.replace(/\s/g, ''))) return { phone: value.replace(/\s/g, '') };
  return { q: value };
}

const STATUSES = ['resident', 'moved_out', 'deceased', 'any'] as const;

export default function SearchPage() {
  const { t, i18n } = useTranslation();
  const [params, update, setParams] = useFilterParams();
  const screens = Grid.useBreakpoint();
  const narrow = screens.md === false;
  const tags = useTags();

  const text = params.get('text') ?? '';
  const query: PersonSearch = {
    ...searchFields(text),
    unit: params.get('unit') ?? undefined,
    tag: params.get('tag') ?? undefined,
    status: params.get('status') ?? undefined,
    page: Number(params.get('page') ?? 1) || 1,
    pageSize: Number(params.get('pageSize') ?? 20) || 20,
  };
  const search = usePersonSearch(query);
  const asked = Boolean(text || query.unit || query.tag);

  const result = search.data;
  const total = result?.total ?? 0;
  const totalText = result
    ? result.totalCapped
      ? t('registry.search.totalCapped', { total: result.total.toLocaleString() })
      : t('registry.search.total', { total: result.total })
    : '';

  const columns: TableColumnsType<PersonSummary> = [
    {
      title: t('registry.person.name'),
      dataIndex: 'name',
      fixed: 'start',
      render: (name: string, p) => <Link to={`/registry/persons/${p.id}`}>{name}</Link>,
    },
    {
      title: t('registry.person.genderAge'),
      key: 'gender',
      render: (_, p) =>
        [
          p.gender ? t(`registry.gender.${p.gender}`) : '',
          p.age !== null ? t('registry.person.age', { age: p.age }) : '',
        ]
          .filter(Boolean)
          .join(' · '),
    },
    { title: t('registry.person.idNumber'), dataIndex: 'idNumber', render: (v: string | null) => <Masked value={v} /> },
    { title: t('registry.person.phone'), dataIndex: 'phone', render: (v: string | null) => <Masked value={v} /> },
    { title: t('registry.person.address'), dataIndex: 'address', render: (v: string | null) => v ?? t('common.none') },
    { title: t('registry.person.grid'), key: 'grid', render: (_, p) => p.grid.name },
    { title: t('registry.person.tags'), key: 'tags', render: (_, p) => <TagList tags={p.tags} /> },
    { title: t('registry.person.status'), dataIndex: 'status', render: (s) => <PersonStatusTag status={s} /> },
  ];

  const pagination = {
    current: query.page,
    pageSize: query.pageSize,
    total,
    showSizeChanger: !narrow,
    simple: narrow,
    onChange: (page: number, pageSize: number) => update({ page: String(page), pageSize: String(pageSize) }),
  };

  return (
    <>
      <Typography.Title level={1} className="gz-page-title">
        {t('registry.search.title')}
      </Typography.Title>
      <search aria-label={t('registry.search.title')}>
        <Form
          layout="vertical"
          key={params.toString()}
          initialValues={{ text, unit: query.unit, tag: query.tag, status: query.status ?? 'resident' }}
          onFinish={(v: { text?: string; unit?: string; tag?: string; status?: string }) =>
            update({
              text: v.text?.trim(),
              unit: v.unit,
              tag: v.tag,
              status: v.status === 'resident' ? undefined : v.status,
            })
          }
        >
          <Row gutter={12}>
            <Col xs={24} lg={9}>
              <Form.Item label={t('registry.search.box')} name="text" extra={t('registry.search.boxHelp')}>
                <Input allowClear maxLength={32} data-testid="registry-search-input" enterKeyHint="search" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} lg={6}>
              <Form.Item label={t('registry.filter.unit')} name="unit">
                <UnitPicker testId="registry-search-unit" />
              </Form.Item>
            </Col>
            <Col xs={12} sm={6} lg={5}>
              <Form.Item label={t('registry.filter.tag')} name="tag">
                <Select
                  allowClear
                  loading={tags.isPending}
                  showSearch={{ optionFilterProp: 'label' }}
                  options={(tags.data ?? [])
                    .filter((tag) => tag.status === 'active')
                    .map((tag) => ({ value: tag.code, label: tagName(tag, i18n.language) }))}
                  popupMatchSelectWidth={false}
                />
              </Form.Item>
            </Col>
            <Col xs={12} sm={6} lg={4}>
              <Form.Item label={t('registry.filter.status')} name="status">
                <Select
                  options={STATUSES.map((s) => ({ value: s, label: t(`registry.status.${s}`) }))}
                  popupMatchSelectWidth={false}
                />
              </Form.Item>
            </Col>
          </Row>
          <Space style={{ marginBottom: 16 }}>
            <Button type="primary" htmlType="submit" data-testid="registry-search-submit">
              {t('common.search')}
            </Button>
            <Button onClick={() => setParams(new URLSearchParams())}>{t('common.reset')}</Button>
          </Space>
        </Form>
      </search>
      {search.isError && <Alert type="error" showIcon title={search.error.message} style={{ marginBottom: 16 }} />}
      {!asked ? (
        <Empty description={t('registry.search.prompt')} />
      ) : (
        <section aria-label={t('registry.search.results')} data-testid="registry-search-results">
          <p aria-live="polite" className="gz-muted" style={{ margin: '0 0 8px' }}>
            {search.isFetching ? t('common.loading') : totalText}
          </p>
          {narrow ? (
            <>
              <List
                dataSource={result?.items ?? []}
                loading={search.isFetching}
                locale={{ emptyText: t('registry.search.empty') }}
                renderItem={(p) => (
                  <List.Item style={{ padding: '6px 0', border: 'none' }}>
                    <Card size="small" style={{ width: '100%' }} data-testid="person-card">
                      <Space orientation="vertical" size={2} style={{ width: '100%' }}>
                        <Space wrap size={6}>
                          <Link to={`/registry/persons/${p.id}`} className="gz-person-link">
                            {p.name}
                          </Link>
                          <span>
                            {[
                              p.gender ? t(`registry.gender.${p.gender}`) : '',
                              p.age !== null ? t('registry.person.age', { age: p.age }) : '',
                            ]
                              .filter(Boolean)
                              .join(' · ')}
                          </span>
                          <PersonStatusTag status={p.status} />
                        </Space>
                        <span>
                          {t('registry.person.idNumber')}: <Masked value={p.idNumber} />
                        </span>
                        {p.phone && (
                          <span>
                            {t('registry.person.phone')}: <Masked value={p.phone} />
                          </span>
                        )}
                        <span className="gz-muted gz-break">{p.address ?? p.grid.name}</span>
                        {p.tags.length > 0 && <TagList tags={p.tags} />}
                      </Space>
                    </Card>
                  </List.Item>
                )}
              />
              {total > query.pageSize && <Pagination {...pagination} style={{ marginTop: 8 }} />}
            </>
          ) : (
            <Table<PersonSummary>
              rowKey="id"
              size="middle"
              columns={columns}
              dataSource={result?.items ?? []}
              loading={search.isFetching}
              scroll={{ x: 'max-content' }}
              locale={{ emptyText: t('registry.search.empty') }}
              pagination={{ ...pagination, showTotal: () => totalText }}
            />
          )}
        </section>
      )}
    </>
  );
}
