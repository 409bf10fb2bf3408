/**
 * 台账导入: download the column template, upload a filled .xlsx or .csv for a unit, watch the
 * dry run check every row (bad check digit, unknown grid, duplicate id number, no head …),
 * read the problems by row, and commit the valid rows in one go — each step with progress.
 * Also the masked .xlsx export of a unit's register and the list of past imports.
 */
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import type { RegistryImport } from '@gongzhi/api';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Progress,
  Result,
  Row,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { formatTime } from '../../i18n/format.ts';
import { can, useSession } from '../auth/session.tsx';
import { UnitPicker } from './fields.tsx';
import { useCommitImport, useImport, useImports } from './hooks.ts';
import { download, uploadImport } from './transfer.ts';
import { useDefaultUnit } from './useDefaultUnit.ts';

type Problem = RegistryImport['problems'][number];
const MAX_BYTES = 20 * 1024 * 1024;

const STATUS_COLOR: Record<RegistryImport['status'], string> = {
  checking: 'blue',
  checked: 'gold',
  committing: 'blue',
  committed: 'green',
  failed: 'red',
};

export default function ImportPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useSession();
  const [params, setParams] = useSearchParams();
  const fallbackUnit = useDefaultUnit();
  const unit = params.get('unit') ?? fallbackUnit;
  const importId = params.get('import');
  const [file, setFile] = useState<File | null>(null);
  const [uploading, setUploading] = useState<number | null>(null);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const imports = useImports(unit);

  const set = (change: Record<string, string | undefined>) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      for (const [key, value] of Object.entries(change)) {
        if (value) next.set(key, value);
        else next.delete(key);
      }
      return next;
    });

  const fetchFile = (what: string, path: string, name: string) => {
    setBusy(what);
    download(path, name)
      .catch((err: Error) => message.error(err.message))
      .finally(() => setBusy(null));
  };

  const upload = () => {
    if (!file || !unit) return;
    setUploadError(null);
    setUploading(0);
    uploadImport(file, unit, me.csrfToken, setUploading)
      .then((created) => {
        setFile(null);
        set({ import: created.id });
        void imports.refetch();
      })
      .catch((err: Error) => setUploadError(err.message))
      .finally(() => setUploading(null));
  };

  return (
    <>
      <Typography.Title level={1} className="gz-page-title">
        {t('registry.import.title')}
      </Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <Card title={<h2 className="gz-card-title">{t('registry.import.upload')}</h2>}>
            <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
              <div>
                <label htmlFor="import-unit" className="gz-label">
                  {t('registry.import.unit')}
                </label>
                <UnitPicker
                  id="import-unit"
                  value={unit}
                  allowClear={false}
                  onChange={(v) => set({ unit: v, import: undefined })}
                />
              </div>
              <Space wrap>
                <Button
                  icon={<DownloadOutlined />}
                  loading={busy === 'xlsx'}
                  onClick={() =>
                    fetchFile('xlsx', '/api/registry/import/template?format=xlsx', 'registry-template.xlsx')
                  }
                >
                  {t('registry.import.templateXlsx')}
                </Button>
                <Button
                  icon={<DownloadOutlined />}
                  loading={busy === 'csv'}
                  onClick={() => fetchFile('csv', '/api/registry/import/template?format=csv', 'registry-template.csv')}
                >
                  {t('registry.import.templateCsv')}
                </Button>
              </Space>
              <Upload
                accept=".xlsx,.csv"
                maxCount={1}
                fileList={file ? [{ uid: 'file', name: file.name, status: 'done' }] : []}
                beforeUpload={(f) => {
                  if (f.size > MAX_BYTES) {
                    setUploadError(t('registry.import.tooLarge', { mb: MAX_BYTES / 1024 / 1024 }));
                    return Upload.LIST_IGNORE;
                  }
                  setUploadError(null);
                  setFile(f);
                  return false;
                }}
                onRemove={() => setFile(null)}
              >
                <Button icon={<UploadOutlined />} data-testid="import-pick-file">
                  {t('registry.import.pick')}
                </Button>
              </Upload>
              {uploading !== null && (
                <Progress percent={uploading} status="active" aria-label={t('registry.import.uploading')} />
              )}
              {uploadError && <Alert type="error" showIcon title={uploadError} data-testid="import-upload-error" />}
              <Button
                type="primary"
                disabled={!file || !unit}
                loading={uploading !== null}
                onClick={upload}
                data-testid="import-upload"
              >
                {t('registry.import.check')}
              </Button>
              {can(me, 'registry:export') && unit && (
                <Button
                  icon={<DownloadOutlined />}
                  loading={busy === 'export'}
                  onClick={() =>
                    fetchFile('export', `/api/registry/export?unit=${encodeURIComponent(unit)}`, 'registry-export.xlsx')
                  }
                  data-testid="registry-export"
                >
                  {t('registry.import.export')}
                </Button>
              )}
            </Space>
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          {importId ? (
            <ImportDetail id={importId} onClose={() => set({ import: undefined })} />
          ) : (
            <Card>
              <Typography.Paragraph style={{ margin: 0 }}>{t('registry.import.howTo')}</Typography.Paragraph>
            </Card>
          )}
        </Col>
      </Row>
      <Card title={<h2 className="gz-card-title">{t('registry.import.history')}</h2>} style={{ marginTop: 16 }}>
        {imports.isError && <Alert type="error" showIcon title={imports.error.message} />}
        <Table<RegistryImport>
          rowKey="id"
          size="small"
          dataSource={imports.data?.items ?? []}
          loading={imports.isFetching}
          scroll={{ x: 'max-content' }}
          pagination={false}
          columns={[
            {
              title: t('registry.import.file'),
              dataIndex: 'fileName',
              render: (name: string, r) => (
                <Button type="link" style={{ padding: 0 }} onClick={() => set({ import: r.id })}>
                  {name}
                </Button>
              ),
            },
            { title: t('registry.import.unit'), key: 'unit', render: (_, r) => r.unit.name },
            {
              title: t('registry.import.status'),
              dataIndex: 'status',
              render: (s: RegistryImport['status']) => (
                <Tag color={STATUS_COLOR[s]}>{t(`registry.import.statuses.${s}`)}</Tag>
              ),
            },
            {
              title: t('registry.import.rows'),
              key: 'rows',
              render: (_, r) =>
                t('registry.import.rowCounts', { total: r.totalRows, valid: r.validRows, errors: r.errorRows }),
            },
            { title: t('registry.import.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatTime(v) },
          ]}
        />
      </Card>
    </>
  );
}

function ImportDetail({ id, onClose }: { id: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const job = useImport(id);
  const commit = useCommitImport();

  if (job.isPending) return <Card loading />;
  if (job.isError) return <Alert type="error" showIcon title={job.error.message} />;
  const r = job.data;
  const running = r.status === 'checking' || r.status === 'committing';
  const percent = r.totalRows > 0 ? Math.floor((r.processedRows / r.totalRows) * 100) : 0;

  const doCommit = () =>
    commit.mutate(id, {
      onError: (err) => message.error(err.message),
      onSettled: () => void job.refetch(),
    });
  const confirmCommit = () => {
    if (r.errorRows === 0) {
      doCommit();
      return;
    }
    modal.confirm({
      title: t('registry.import.commitWithErrors', { valid: r.validRows, errors: r.errorRows }),
      okText: t('registry.import.commit'),
      cancelText: t('common.cancel'),
      onOk: doCommit,
    });
  };

  return (
    <Card
      title={<h2 className="gz-card-title">{r.fileName}</h2>}
      extra={<Tag color={STATUS_COLOR[r.status]}>{t(`registry.import.statuses.${r.status}`)}</Tag>}
      data-testid="import-detail"
      data-status={r.status}
    >
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        {running && (
          <div aria-live="polite">
            <p style={{ margin: 0 }}>
              {t(r.status === 'checking' ? 'registry.import.checking' : 'registry.import.committing', {
                done: r.processedRows,
                total: r.totalRows,
              })}
            </p>
            <Progress
              percent={percent}
              status="active"
              aria-label={t('registry.import.progress')}
              data-testid="import-progress"
            />
          </div>
        )}
        {r.status === 'failed' && <Alert type="error" showIcon title={r.error ?? t('errors.unexpected')} />}
        {r.status === 'committed' && (
          <div data-testid="import-committed">
            <Result
              status="success"
              title={t('registry.import.committed', { rows: r.validRows, households: r.households })}
            />
          </div>
        )}
        {!running && r.status !== 'failed' && (
          <Descriptions size="small" column={{ xs: 2, sm: 4 }}>
            <Descriptions.Item label={t('registry.import.totalRows')}>{r.totalRows}</Descriptions.Item>
            <Descriptions.Item label={t('registry.import.validRows')}>{r.validRows}</Descriptions.Item>
            <Descriptions.Item label={t('registry.import.errorRows')}>
              <span data-testid="import-error-rows">{r.errorRows}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('registry.import.households')}>{r.households}</Descriptions.Item>
          </Descriptions>
        )}
        {r.status === 'checked' && r.errorRows === 0 && (
          <Statistic title={t('registry.import.ready')} value={r.validRows} />
        )}
        {r.problems.length > 0 && (
          <div data-testid="import-problems">
            <Table<Problem>
              rowKey={(p) => `${p.row}-${p.column ?? ''}-${p.code}`}
              size="small"
              dataSource={r.problems}
              pagination={r.problems.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
              caption={t('registry.import.problems', { count: r.problems.length })}
              columns={[
                { title: t('registry.import.row'), dataIndex: 'row', width: 70 },
                {
                  title: t('registry.import.column'),
                  dataIndex: 'column',
                  render: (c: string | null) => c ?? t('common.none'),
                },
                { title: t('registry.import.message'), dataIndex: 'message' },
              ]}
            />
          </div>
        )}
        <Space wrap>
          {r.status === 'checked' && (
            <Button
              type="primary"
              disabled={r.validRows === 0}
              loading={commit.isPending}
              onClick={confirmCommit}
              data-testid="import-commit"
            >
              {t('registry.import.commit')}
            </Button>
          )}
          {!running && <Button onClick={onClose}>{t('registry.import.close')}</Button>}
        </Space>
      </Space>
    </Card>
  );
}
