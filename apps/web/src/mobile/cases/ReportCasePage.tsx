/**
 * 上报事件 from the grid worker's phone (POST /api/cases, channel 'grid'): on a resident's behalf
 * (代居民上报, with the resident's name and phone), found on patrol (巡查发现) or during a visit
 * (走访中发现; opened from a visit record it carries the visit's uid). 首问负责: the worker who
 * takes it in owns it until it is handed over. Online only — the case's uid and Idempotency-Key
 * are made on the phone, so a retry after a lost answer never makes two cases.
 */
import type { CaseDetail, CaseOrigin, CreateCaseBody } from '@gongzhi/api';
import { Button } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import '../../resident/resident.css';
import { CaseReportForm, type Problems } from '../../resident/cases/CaseReportForm.tsx';
import { useCreateCase } from '../../resident/cases/hooks.ts';
import { SentReceipt } from '../../resident/cases/ReportPage.tsx';
import { useMobileData } from '../data.tsx';
import { MobilePage } from '../layout.tsx';

const ORIGINS: CaseOrigin[] = ['on_behalf', 'patrol', 'visit'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PHONE = /^[0-9+\- ()]{5,20}$/;

export default function ReportCasePage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const visitParam = params.get('visit');
  const visitUid = visitParam && UUID.test(visitParam) ? visitParam : null;
  const { online } = useMobileData();
  const create = useCreateCase();
  const [origin, setOrigin] = useState<CaseOrigin>(visitUid ? 'visit' : 'patrol');
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [sent, setSent] = useState<CaseDetail | null>(null);
  const [round, setRound] = useState(0);

  const checkExtra = (): Problems => {
    const p: Problems = {};
    if (origin === 'on_behalf') {
      if (!name.trim()) p['reporter.name'] = t('mobileCases.reporterNameRequired');
      if (phone.trim() && !PHONE.test(phone.trim())) p['reporter.phone'] = t('mobileCases.reporterPhoneInvalid');
    }
    return p;
  };

  return (
    <MobilePage title={t('mobileCases.title')} back testId="m-case-report">
      {sent ? (
        <SentReceipt detail={sent}>
          <Button
            block
            color="primary"
            fill="outline"
            size="large"
            onClick={() => {
              setSent(null);
              setName('');
              setPhone('');
              setRound((r) => r + 1);
            }}
            data-testid="m-case-again"
          >
            {t('mobileCases.again')}
          </Button>
          <Link to="/m" className="gzm-link gzc-center-link">
            {t('mobileCases.toList')}
          </Link>
        </SentReceipt>
      ) : (
        <CaseReportForm
          key={round}
          csrf={null}
          anonymousOption={origin === 'on_behalf'}
          keyPrefix="case-intake"
          keyExtra={{ origin, name, phone, visitUid }}
          disabledReason={online ? null : t('mobileCases.offline')}
          checkExtra={checkExtra}
          extraFields={({ ids, fieldError, describedBy }) => (
            <>
              <fieldset className="gzr-field">
                <legend className="gzr-label">{t('mobileCases.origin')}</legend>
                <div className="gzr-radios">
                  {ORIGINS.map((o) => (
                    <label key={o} className="gzr-radio">
                      <input
                        type="radio"
                        name={`${ids}-origin`}
                        value={o}
                        checked={origin === o}
                        onChange={() => setOrigin(o)}
                        data-testid={`m-case-origin-${o}`}
                      />
                      {t(`mobileCases.originName.${o}`)}
                    </label>
                  ))}
                </div>
                {origin === 'visit' && (
                  <p className="gzr-muted" data-testid="m-case-visit">
                    {visitUid ? t('mobileCases.fromVisit') : t('mobileCases.visitNone')}
                  </p>
                )}
              </fieldset>
              {origin === 'on_behalf' && (
                <fieldset className="gzr-field">
                  <legend className="gzr-label">{t('mobileCases.reporter')}</legend>
                  <label className="gzr-label" htmlFor={`${ids}-reporter.name`} style={{ fontWeight: 400 }}>
                    {t('mobileCases.reporterName')}
                  </label>
                  <input
                    id={`${ids}-reporter.name`}
                    className="gzr-input"
                    value={name}
                    maxLength={40}
                    autoComplete="off"
                    onChange={(e) => setName(e.target.value)}
                    aria-invalid={Boolean(describedBy('reporter.name'))}
                    aria-describedby={describedBy('reporter.name')}
                    data-testid="m-case-reporter-name"
                  />
                  {fieldError('reporter.name')}
                  <label
                    className="gzr-label"
                    htmlFor={`${ids}-reporter.phone`}
                    style={{ fontWeight: 400, marginTop: 10 }}
                  >
                    {t('mobileCases.reporterPhone')}
                  </label>
                  <input
                    id={`${ids}-reporter.phone`}
                    className="gzr-input"
                    type="tel"
                    inputMode="tel"
                    value={phone}
                    maxLength={20}
                    autoComplete="off"
                    onChange={(e) => setPhone(e.target.value)}
                    aria-invalid={Boolean(describedBy('reporter.phone'))}
                    aria-describedby={describedBy('reporter.phone')}
                    data-testid="m-case-reporter-phone"
                  />
                  {fieldError('reporter.phone')}
                  <p className="gzr-muted">{t('mobileCases.reporterHint')}</p>
                </fieldset>
              )}
            </>
          )}
          send={(fields, key) => {
            const body: CreateCaseBody = {
              ...fields,
              channel: 'grid',
              origin,
              ...(origin === 'visit' && visitUid ? { visitUid } : {}),
              ...(origin === 'on_behalf'
                ? { reporter: { name: name.trim(), ...(phone.trim() ? { phone: phone.trim() } : {}) } }
                : {}),
            };
            return create.mutateAsync({ body, key });
          }}
          onSent={(detail) => {
            setSent(detail);
            window.scrollTo(0, 0);
            requestAnimationFrame(() => document.getElementById('case-sent-title')?.focus());
          }}
        />
      )}
    </MobilePage>
  );
}
