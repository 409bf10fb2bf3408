/**
 * 申报积分: I did this (a claimable rule of my community), on that day, and here is the
 * evidence the rule asks for. Photos go up as they are taken; the claim is sent once all
 * have arrived. Community staff review it (审核) and the points follow.
 */
import type { ClaimBody, Rule } from '@gongzhi/api';
import { Button, Toast } from 'antd-mobile';
import { useCallback, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { fieldProblems } from '../../api/client.ts';
import { errorText, LoadFailed, Loading } from '../display.tsx';
import { chinaToday, signed } from '../format.ts';
import { useCatalogue, useMyPoints, useSubmitClaim } from '../hooks.ts';
import { ResidentPage } from '../layout.tsx';
import { PhotoPicker, type PhotoState } from '../PhotoPicker.tsx';
import { useResident } from '../session.tsx';
import { useWriteKey } from '../write-key.ts';

type Problems = Partial<Record<'rule' | 'occurredOn' | 'description' | 'photos' | 'witness', string>>;

export function RuleFacts({ rule }: { rule: Rule }) {
  const { t } = useTranslation();
  const v = rule.current;
  const evidence = v.evidence.map((e) => t(`resident.evidence.${e}`)).join(t('common.listSeparator'));
  return (
    <div className="gzr-rule-info" data-testid="r-rule-info">
      <div>
        <strong className={v.points < 0 ? 'gzr-minus' : 'gzr-plus'}>
          {t('resident.claim.pointsEach', { points: signed(v.points) })}
        </strong>{' '}
        · {t('resident.claim.appliesTo', { who: t(`resident.account.${v.appliesTo}`) })}
      </div>
      <div>{evidence ? t('resident.claim.evidenceNeeded', { evidence }) : t('resident.claim.noEvidence')}</div>
      {(v.capMonth || v.capYear) && (
        <div>
          {[
            v.capMonth ? t('resident.claim.capMonth', { cap: v.capMonth }) : null,
            v.capYear ? t('resident.claim.capYear', { cap: v.capYear }) : null,
          ]
            .filter(Boolean)
            .join(t('common.listSeparator'))}
        </div>
      )}
      {v.description && <div className="gzr-muted">{v.description}</div>}
    </div>
  );
}

export default function ClaimFormPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const resident = useResident();
  const me = useMyPoints();
  const community = me.data?.accounts[0]?.community.id;
  const catalogue = useCatalogue(community);
  const submit = useSubmitClaim();
  const writeKey = useWriteKey('points-claim');
  const ids = useId();

  const today = catalogue.data?.today ?? chinaToday();
  const [ruleId, setRuleId] = useState('');
  const [occurredOn, setOccurredOn] = useState(today);
  const [description, setDescription] = useState('');
  const [witness, setWitness] = useState('');
  const [photos, setPhotos] = useState<PhotoState>({ ids: [], busy: false, failed: false });
  const [problems, setProblems] = useState<Problems>({});
  const onPhotos = useCallback((s: PhotoState) => setPhotos(s), []);

  const rules = useMemo(() => catalogue.data?.categories.flatMap((c) => c.rules) ?? [], [catalogue.data]);
  const rule = rules.find((r) => r.id === ruleId);

  const check = (): Problems => {
    const p: Problems = {};
    if (!rule) p.rule = t('resident.claim.ruleRequired');
    if (!occurredOn) p.occurredOn = t('resident.claim.dateRequired');
    else if (occurredOn > today) p.occurredOn = t('resident.claim.dateFuture');
    if (!description.trim()) p.description = t('resident.claim.descriptionRequired');
    if (rule?.current.evidence.includes('photo') && photos.ids.length === 0)
      p.photos = t('resident.claim.photoRequired');
    if (rule?.current.evidence.includes('witness') && !witness.trim()) p.witness = t('resident.claim.witnessRequired');
    return p;
  };

  const send = async () => {
    const found = check();
    setProblems(found);
    if (Object.keys(found).length > 0) {
      document.getElementById(`${ids}-${Object.keys(found)[0]}`)?.focus();
      return;
    }
    if (!rule) return;
    const body: ClaimBody = {
      rule: rule.id,
      occurredOn,
      description: description.trim(),
      photos: photos.ids,
      ...(witness.trim() ? { witness: witness.trim() } : {}),
    };
    try {
      await submit.mutateAsync({ body, key: writeKey.keyFor(body) });
      writeKey.done();
      Toast.show({ icon: 'success', content: t('resident.claim.sent') });
      navigate('/r/claims', { replace: true });
    } catch (err) {
      const fields = fieldProblems(err);
      if (fields.length > 0) {
        const next: Problems = {};
        for (const f of fields) {
          const name = f.field.replace(/^\/?(body\.)?/, '') as keyof Problems;
          next[name] = f.message;
        }
        setProblems(next);
      } else {
        Toast.show({ icon: 'fail', content: errorText(err, t('errors.unexpected')) });
      }
    }
  };

  const title = t('resident.claim.title');
  if (me.isPending || (community && catalogue.isPending)) {
    return (
      <ResidentPage title={title} back="/r/claims" testId="r-claim-form">
        <Loading />
      </ResidentPage>
    );
  }
  if (me.isError || catalogue.isError) {
    return (
      <ResidentPage title={title} back="/r/claims" testId="r-claim-form">
        <LoadFailed error={me.error ?? catalogue.error} />
      </ResidentPage>
    );
  }
  const fieldError = (name: keyof Problems) =>
    problems[name] ? (
      <p id={`${ids}-${name}-error`} className="gzr-field-error">
        {problems[name]}
      </p>
    ) : null;
  const described = (name: keyof Problems) => (problems[name] ? `${ids}-${name}-error` : undefined);

  return (
    <ResidentPage title={title} back="/r/claims" testId="r-claim-form">
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void send();
        }}
      >
        <div className="gzr-field">
          <label className="gzr-label" htmlFor={`${ids}-rule`}>
            {t('resident.claim.rule')}
          </label>
          {rules.length === 0 ? (
            <p className="gzr-muted">{t('resident.claim.noRules')}</p>
          ) : (
            <select
              id={`${ids}-rule`}
              className="gzr-select"
              value={ruleId}
              onChange={(e) => setRuleId(e.target.value)}
              aria-invalid={Boolean(problems.rule)}
              aria-describedby={described('rule')}
              data-testid="r-claim-rule"
            >
              <option value="">{t('resident.claim.pickRule')}</option>
              {catalogue.data?.categories.map((c) => (
                <optgroup key={c.category} label={c.name}>
                  {c.rules.map((r) => (
                    <option key={r.id} value={r.id}>
                      {t('resident.claim.ruleOption', { title: r.current.title, points: signed(r.current.points) })}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          )}
          {fieldError('rule')}
          {rule && <RuleFacts rule={rule} />}
        </div>

        <div className="gzr-field">
          <label className="gzr-label" htmlFor={`${ids}-occurredOn`}>
            {t('resident.claim.date')}
          </label>
          <input
            id={`${ids}-occurredOn`}
            type="date"
            className="gzr-input"
            value={occurredOn}
            max={today}
            onChange={(e) => setOccurredOn(e.target.value)}
            aria-invalid={Boolean(problems.occurredOn)}
            aria-describedby={described('occurredOn')}
            data-testid="r-claim-date"
          />
          {fieldError('occurredOn')}
        </div>

        <div className="gzr-field">
          <label className="gzr-label" htmlFor={`${ids}-description`}>
            {t('resident.claim.description')}
          </label>
          <textarea
            id={`${ids}-description`}
            className="gzr-textarea"
            value={description}
            maxLength={500}
            placeholder={t('resident.claim.descriptionPlaceholder')}
            onChange={(e) => setDescription(e.target.value)}
            aria-invalid={Boolean(problems.description)}
            aria-describedby={described('description')}
            data-testid="r-claim-description"
          />
          {fieldError('description')}
        </div>

        <PhotoPicker csrf={resident.csrfToken} onChange={onPhotos} legend={t('resident.claim.photos')} />
        {problems.photos && (
          <p id={`${ids}-photos`} tabIndex={-1} className="gzr-field-error gzr-pad">
            {problems.photos}
          </p>
        )}

        <div className="gzr-field">
          <label className="gzr-label" htmlFor={`${ids}-witness`}>
            {rule?.current.evidence.includes('witness')
              ? t('resident.claim.witness')
              : t('resident.claim.witnessOptional')}
          </label>
          <input
            id={`${ids}-witness`}
            className="gzr-input"
            value={witness}
            maxLength={100}
            placeholder={t('resident.claim.witnessPlaceholder')}
            onChange={(e) => setWitness(e.target.value)}
            aria-invalid={Boolean(problems.witness)}
            aria-describedby={described('witness')}
            data-testid="r-claim-witness"
          />
          {fieldError('witness')}
        </div>

        <div className="gzr-actions">
          <Button
            block
            type="submit"
            color="primary"
            size="large"
            loading={submit.isPending}
            disabled={photos.busy || rules.length === 0}
            data-testid="r-claim-submit"
          >
            {photos.busy ? t('resident.claim.waitPhotos') : t('resident.claim.submit')}
          </Button>
          {photos.failed && <p className="gzr-field-error">{t('resident.claim.photoFailed')}</p>}
        </div>
      </form>
    </ResidentPage>
  );
}
