/**
 * 记录走访 (民情日记): a new visit from a must-visit item, or an edit of a record still on the
 * phone (waiting, refused) or synced from it. Saving writes to the outbox only — it works the
 * same with or without signal — and then asks for a sync.
 */
import type { DueItem, FindingKind, VisitInput, VisitMethod } from '@gongzhi/api';
import { Button, Checkbox, ErrorBlock, Selector, SpinLoading, TextArea, Toast } from 'antd-mobile';
import { AddOutline, CameraOutline, CloseOutline, EnvironmentOutline } from 'antd-mobile-icons';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useAwardRules } from '../awards.ts';
import { useMobileData } from '../data.tsx';
import { fromLocalInput, itemLabel, itemTitle, localInputValue, subjectsOf } from '../display.tsx';
import { MobilePage } from '../layout.tsx';
import { covers } from '../list.ts';
import { findRecord, type NewPhoto, photosOf, saveVisit, syncNow } from '../outbox.ts';
import { downscalePhoto } from '../photos.ts';
import { useMobileSession } from '../session.tsx';

const METHODS: VisitMethod[] = ['home', 'phone', 'video', 'outside'];
const KINDS: FindingKind[] = ['need', 'risk', 'conflict', 'living', 'other'];
const MAX_PHOTOS = 9;
const MAX_FINDINGS = 20;
const SUMMARY_MAX = 4000;
const FINDING_MAX = 500;

interface PhotoView {
  id: string;
  /** an object URL of the phone's copy; null for a photo already on the server */
  url: string | null;
  added: NewPhoto | null;
}

interface Loaded {
  /** the record being edited, or null for a new one */
  base: VisitInput | null;
  dueId: string | null;
  item: DueItem | null;
  photos: PhotoView[];
}

function useRecordToEdit(dueId: string | undefined, visitId: string | undefined) {
  const { items, list } = useMobileData();
  const [loaded, setLoaded] = useState<Loaded | 'missing' | null>(null);
  // Read once the phone's list is there; a refresh of the list later does not reset the form.
  const itemsNow = useRef(items);
  itemsNow.current = items;
  useEffect(() => {
    let live = true;
    const items = itemsNow.current;
    if (!list.loaded) return;
    if (dueId) {
      const item = items.find((i) => i.id === dueId) ?? null;
      setLoaded(item ? { base: null, dueId, item, photos: [] } : 'missing');
      return;
    }
    if (!visitId) return;
    void (async () => {
      const found = await findRecord(visitId);
      if (!live) return;
      if (!found) {
        setLoaded('missing');
        return;
      }
      const input = found.kind === 'outbox' ? found.entry.input : found.record.input;
      const foundDue = found.kind === 'outbox' ? found.entry.dueId : found.record.dueId;
      const item = items.find((i) => i.id === foundDue) ?? items.find((i) => covers(i, input)) ?? null;
      const stored = await photosOf(visitId);
      const photos = input.photoIds.map((id) => {
        const p = stored.find((s) => s.id === id);
        return { id, url: p ? URL.createObjectURL(p.blob) : null, added: null };
      });
      if (live) setLoaded({ base: input, dueId: foundDue, item, photos });
    })();
    return () => {
      live = false;
    };
  }, [dueId, visitId, list.loaded]);
  return loaded;
}

export default function RecordPage() {
  const { t } = useTranslation();
  const { dueId, visitId } = useParams();
  const loaded = useRecordToEdit(dueId, visitId);
  const title = visitId ? t('mobile.form.editTitle') : t('mobile.form.title');
  if (loaded === null) {
    return (
      <MobilePage title={title} back>
        <div className="gzm-center" aria-busy="true">
          <SpinLoading aria-label={t('common.loading')} />
        </div>
      </MobilePage>
    );
  }
  if (loaded === 'missing') {
    return (
      <MobilePage title={title} back>
        <ErrorBlock
          status="empty"
          title={<span className="gzm-h2">{t('mobile.form.missingTitle')}</span>}
          description={t('mobile.form.missingBody')}
        />
      </MobilePage>
    );
  }
  // 走访中发现: a problem seen on this visit becomes a case that keeps the visit's uid.
  const reportCase = loaded.base ? (
    <Link to={`/m/cases/new?visit=${loaded.base.id}`} className="gzm-link" data-testid="m-visit-report-case">
      {t('mobileCases.fromVisitButton')}
    </Link>
  ) : null;
  return (
    <MobilePage title={title} back testId="m-form-page" extra={reportCase}>
      <VisitForm loaded={loaded} key={loaded.base?.id ?? loaded.dueId ?? 'new'} />
    </MobilePage>
  );
}

function VisitForm({ loaded }: { loaded: Loaded }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { me } = useMobileSession();
  const { online } = useMobileData();
  const { base, item } = loaded;
  const subjects = useMemo(() => (item ? subjectsOf(item) : []), [item]);

  const [visitedAt, setVisitedAt] = useState(() => localInputValue(base ? new Date(base.visitedAt) : new Date()));
  const [method, setMethod] = useState<VisitMethod>(base?.method ?? 'home');
  const [personIds, setPersonIds] = useState<string[]>(() => base?.personIds ?? subjects.map((p) => p.id));
  const [summary, setSummary] = useState(base?.summary ?? '');
  const [findings, setFindings] = useState(() => base?.findings ?? []);
  const [photos, setPhotos] = useState<PhotoView[]>(loaded.photos);
  const [location, setLocation] = useState(base?.location ?? null);
  const [locating, setLocating] = useState(false);
  const [processing, setProcessing] = useState(false);
  const [saving, setSaving] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  // 积分申报: the visited person did what a rule rewards; staff review it as a claim.
  const [awardOn, setAwardOn] = useState(Boolean(base?.award));
  const [awardPerson, setAwardPerson] = useState(base?.award?.personId ?? personIds[0] ?? '');
  const [awardRule, setAwardRule] = useState(base?.award?.ruleUid ?? '');
  const [awardNote, setAwardNote] = useState(base?.award?.note ?? '');
  const awardRules = useAwardRules(me.userId, item?.grid.id ?? null, online);
  const fileInput = useRef<HTMLInputElement>(null);
  const urls = useRef(new Set<string>());

  // The object URLs of the thumbnails go with the page.
  useEffect(() => {
    const made = urls.current;
    return () => {
      for (const u of made) URL.revokeObjectURL(u);
    };
  }, []);
  for (const p of loaded.photos) if (p.url) urls.current.add(p.url);

  const members = item?.card.members ?? [];

  const addPhotos = async (files: FileList | null) => {
    if (!files || files.length === 0) return;
    setProcessing(true);
    try {
      const room = MAX_PHOTOS - photos.length;
      const added: PhotoView[] = [];
      for (const file of [...files].slice(0, Math.max(0, room))) {
        try {
          const scaled = await downscalePhoto(file);
          const photo: NewPhoto = { id: crypto.randomUUID(), ...scaled };
          const url = URL.createObjectURL(scaled.blob);
          urls.current.add(url);
          added.push({ id: photo.id, url, added: photo });
        } catch {
          Toast.show({ icon: 'fail', content: t('mobile.form.photoUnreadable', { name: file.name }) });
        }
      }
      if (files.length > room) Toast.show({ content: t('mobile.form.photoLimit', { max: MAX_PHOTOS }) });
      setPhotos((prev) => [...prev, ...added]);
    } finally {
      setProcessing(false);
      if (fileInput.current) fileInput.current.value = '';
    }
  };

  const locate = () => {
    if (!('geolocation' in navigator)) {
      Toast.show({ content: t('mobile.form.locationUnavailable') });
      return;
    }
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setLocating(false);
        setLocation({
          lng: Math.round(pos.coords.longitude * 1e6) / 1e6,
          lat: Math.round(pos.coords.latitude * 1e6) / 1e6,
        });
      },
      () => {
        setLocating(false);
        Toast.show({ content: t('mobile.form.locationUnavailable') });
      },
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  };

  const validate = (): Record<string, string> => {
    const problems: Record<string, string> = {};
    const at = fromLocalInput(visitedAt);
    if (Number.isNaN(at.getTime())) problems.visitedAt = t('mobile.form.visitedAtRequired');
    else if (at.getTime() > Date.now() + 60_000) problems.visitedAt = t('mobile.form.visitedAtFuture');
    if (!summary.trim()) problems.summary = t('mobile.form.summaryRequired');
    if (personIds.length === 0 && !item?.card.householdId && !base?.householdId) {
      problems.persons = t('mobile.form.personsRequired');
    }
    findings.forEach((f, i) => {
      if (!f.text.trim()) problems[`finding${i}`] = t('mobile.form.findingRequired');
    });
    if (awardOn && !awardPerson) problems.awardPerson = t('mobile.form.awardPersonRequired');
    if (awardOn && !awardRule) problems.awardRule = t('mobile.form.awardRuleRequired');
    return problems;
  };

  const onSave = async () => {
    const problems = validate();
    setErrors(problems);
    if (Object.keys(problems).length > 0) {
      const first = Object.keys(problems)[0];
      document.getElementById(`gzm-field-${first}`)?.focus();
      return;
    }
    setSaving(true);
    try {
      const input: VisitInput = {
        id: base?.id ?? crypto.randomUUID(),
        baseRevision: base?.baseRevision ?? 0,
        householdId: base ? (base.householdId ?? null) : (item?.card.householdId ?? null),
        personIds,
        visitedAt: fromLocalInput(visitedAt).toISOString(),
        recordedAt: new Date().toISOString(),
        method,
        summary: summary.trim(),
        findings: findings.map((f) => ({ kind: f.kind, text: f.text.trim() })),
        location,
        photoIds: photos.map((p) => p.id),
        ...(awardOn
          ? {
              award: {
                // The same claim across edits: its uid is what the server files it under.
                uid: base?.award?.uid ?? crypto.randomUUID(),
                personId: awardPerson,
                ruleUid: awardRule,
                ...(awardNote.trim() ? { note: awardNote.trim() } : {}),
              },
            }
          : {}),
      };
      await saveVisit({
        userId: me.userId,
        dueId: loaded.dueId,
        label: item ? itemLabel(item) : input.summary.slice(0, 30),
        input,
        newPhotos: photos.flatMap((p) => (p.added ? [p.added] : [])),
      });
      Toast.show({ icon: 'success', content: online ? t('mobile.form.savedOnline') : t('mobile.form.savedOffline') });
      if (navigator.onLine) void syncNow();
      navigate(item ? `/m/items/${item.id}` : '/m/sync', { replace: true });
    } catch (err) {
      Toast.show({ icon: 'fail', content: t('mobile.form.saveFailed', { message: String(err) }) });
    } finally {
      setSaving(false);
    }
  };

  const fieldError = (key: string) =>
    errors[key] ? (
      <p className="gzm-field-error" id={`gzm-error-${key}`} role="alert">
        {errors[key]}
      </p>
    ) : null;

  return (
    <form
      className="gzm-form"
      data-testid="m-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void onSave();
      }}
    >
      {item && (
        <p className="gzm-form-subject" data-testid="m-form-subject">
          {itemTitle(item)}
        </p>
      )}

      <div className="gzm-field">
        <label htmlFor="gzm-field-visitedAt" className="gzm-label">
          {t('mobile.form.visitedAt')}
        </label>
        <input
          id="gzm-field-visitedAt"
          type="datetime-local"
          className="gzm-input"
          value={visitedAt}
          max={localInputValue(new Date())}
          onChange={(e) => setVisitedAt(e.target.value)}
          aria-invalid={Boolean(errors.visitedAt)}
          aria-describedby={errors.visitedAt ? 'gzm-error-visitedAt' : undefined}
        />
        {fieldError('visitedAt')}
      </div>

      <fieldset className="gzm-field">
        <legend className="gzm-label">{t('mobile.form.method')}</legend>
        <Selector
          columns={2}
          value={[method]}
          onChange={(v) => v[0] && setMethod(v[0])}
          options={METHODS.map((m) => ({ value: m, label: t(`mobile.method.${m}`) }))}
          aria-label={t('mobile.form.method')}
        />
      </fieldset>

      {members.length > 0 && (
        <fieldset className="gzm-field" id="gzm-field-persons" tabIndex={-1}>
          <legend className="gzm-label">{t('mobile.form.persons')}</legend>
          <Checkbox.Group value={personIds} onChange={(v) => setPersonIds(v as string[])}>
            <div className="gzm-checks">
              {members.map((m) => (
                <Checkbox key={m.id} value={m.id}>
                  {m.name}
                  {m.relationName ? `(${m.relationName})` : ''}
                </Checkbox>
              ))}
            </div>
          </Checkbox.Group>
          {fieldError('persons')}
        </fieldset>
      )}

      <div className="gzm-field">
        <label htmlFor="gzm-field-summary" className="gzm-label">
          {t('mobile.form.summary')}
        </label>
        <TextArea
          id="gzm-field-summary"
          className="gzm-textarea"
          value={summary}
          onChange={setSummary}
          placeholder={t('mobile.form.summaryPlaceholder')}
          autoSize={{ minRows: 4, maxRows: 10 }}
          maxLength={SUMMARY_MAX}
          showCount
          aria-invalid={Boolean(errors.summary)}
          aria-describedby={errors.summary ? 'gzm-error-summary' : undefined}
          data-testid="m-summary"
        />
        {fieldError('summary')}
      </div>

      <fieldset className="gzm-field">
        <legend className="gzm-label">{t('mobile.form.findings')}</legend>
        {findings.map((f, i) => (
          <div className="gzm-finding" key={`finding-${i.toString()}`}>
            <Selector
              columns={3}
              value={[f.kind]}
              onChange={(v) =>
                v[0] && setFindings((prev) => prev.map((x, j) => (j === i ? { ...x, kind: v[0] as FindingKind } : x)))
              }
              options={KINDS.map((k) => ({ value: k, label: t(`mobile.finding.${k}`) }))}
              aria-label={t('mobile.form.findingKind', { n: i + 1 })}
            />
            <label htmlFor={`gzm-field-finding${i}`} className="gzm-sr-only">
              {t('mobile.form.findingText', { n: i + 1 })}
            </label>
            <TextArea
              id={`gzm-field-finding${i}`}
              className="gzm-textarea"
              value={f.text}
              onChange={(text) => setFindings((prev) => prev.map((x, j) => (j === i ? { ...x, text } : x)))}
              placeholder={t('mobile.form.findingPlaceholder')}
              autoSize={{ minRows: 2, maxRows: 6 }}
              maxLength={FINDING_MAX}
              aria-invalid={Boolean(errors[`finding${i}`])}
            />
            {fieldError(`finding${i}`)}
            <Button
              size="small"
              fill="none"
              color="danger"
              onClick={() => setFindings((prev) => prev.filter((_, j) => j !== i))}
            >
              <CloseOutline aria-hidden="true" /> {t('mobile.form.removeFinding')}
            </Button>
          </div>
        ))}
        {findings.length < MAX_FINDINGS && (
          <Button
            size="small"
            fill="outline"
            color="primary"
            onClick={() => setFindings((prev) => [...prev, { kind: 'need', text: '' }])}
            data-testid="m-add-finding"
          >
            <AddOutline aria-hidden="true" /> {t('mobile.form.addFinding')}
          </Button>
        )}
      </fieldset>

      <fieldset className="gzm-field">
        <legend className="gzm-label">{t('mobile.form.photos', { count: photos.length, max: MAX_PHOTOS })}</legend>
        <ul className="gzm-photos" data-testid="m-photos" data-count={photos.length}>
          {photos.map((p, i) => (
            <li key={p.id} className="gzm-photo">
              {p.url ? (
                <img src={p.url} alt={t('mobile.form.photoAlt', { n: i + 1 })} />
              ) : (
                <span className="gzm-photo-remote">{t('mobile.form.photoOnServer')}</span>
              )}
              <button
                type="button"
                className="gzm-photo-remove"
                aria-label={t('mobile.form.removePhoto', { n: i + 1 })}
                onClick={() => setPhotos((prev) => prev.filter((x) => x.id !== p.id))}
              >
                <CloseOutline aria-hidden="true" />
              </button>
            </li>
          ))}
        </ul>
        {photos.length < MAX_PHOTOS && (
          <label className="gzm-photo-add">
            <input
              ref={fileInput}
              type="file"
              accept="image/*"
              capture="environment"
              multiple
              className="gzm-sr-only"
              data-testid="m-photo-input"
              onChange={(e) => void addPhotos(e.target.files)}
            />
            {processing ? <SpinLoading style={{ '--size': '18px' }} /> : <CameraOutline aria-hidden="true" />}
            <span>{t('mobile.form.addPhoto')}</span>
          </label>
        )}
        <p className="gzm-muted">{t('mobile.form.photoHint')}</p>
      </fieldset>

      {members.length > 0 && (
        <fieldset className="gzm-field" data-testid="m-award">
          <legend className="gzm-label">{t('mobile.form.award')}</legend>
          <Checkbox checked={awardOn} onChange={setAwardOn} data-testid="m-award-toggle">
            {t('mobile.form.awardToggle')}
          </Checkbox>
          {awardOn && (
            <>
              <label htmlFor="gzm-field-awardPerson" className="gzm-label">
                {t('mobile.form.awardPerson')}
              </label>
              <select
                id="gzm-field-awardPerson"
                className="gzm-input"
                value={awardPerson}
                onChange={(e) => setAwardPerson(e.target.value)}
                aria-invalid={Boolean(errors.awardPerson)}
                aria-describedby={errors.awardPerson ? 'gzm-error-awardPerson' : undefined}
              >
                <option value="">{t('mobile.form.awardPick')}</option>
                {members.map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.name}
                  </option>
                ))}
              </select>
              {fieldError('awardPerson')}
              <label htmlFor="gzm-field-awardRule" className="gzm-label">
                {t('mobile.form.awardRule')}
              </label>
              {awardRules === null ? (
                <p className="gzm-muted">{t('mobile.form.awardRulesUnknown')}</p>
              ) : (
                <select
                  id="gzm-field-awardRule"
                  className="gzm-input"
                  value={awardRule}
                  onChange={(e) => setAwardRule(e.target.value)}
                  aria-invalid={Boolean(errors.awardRule)}
                  aria-describedby={errors.awardRule ? 'gzm-error-awardRule' : undefined}
                  data-testid="m-award-rule"
                >
                  <option value="">{t('mobile.form.awardPick')}</option>
                  {awardRules.map((r) => (
                    <option key={r.id} value={r.id}>
                      {t('mobile.form.awardRuleOption', { category: r.category, title: r.title, points: r.points })}
                    </option>
                  ))}
                </select>
              )}
              {fieldError('awardRule')}
              <label htmlFor="gzm-field-awardNote" className="gzm-label">
                {t('mobile.form.awardNote')}
              </label>
              <TextArea
                id="gzm-field-awardNote"
                className="gzm-textarea"
                value={awardNote}
                onChange={setAwardNote}
                placeholder={t('mobile.form.awardNotePlaceholder')}
                autoSize={{ minRows: 2, maxRows: 4 }}
                maxLength={500}
              />
              <p className="gzm-muted">{t('mobile.form.awardHint')}</p>
            </>
          )}
        </fieldset>
      )}

      <fieldset className="gzm-field">
        <legend className="gzm-label">{t('mobile.form.location')}</legend>
        <div className="gzm-location">
          {location ? (
            <>
              <span data-testid="m-location">
                {location.lat.toFixed(5)}, {location.lng.toFixed(5)}
              </span>
              <Button size="small" fill="none" color="danger" onClick={() => setLocation(null)}>
                {t('mobile.form.clearLocation')}
              </Button>
            </>
          ) : (
            <Button size="small" fill="outline" loading={locating} onClick={locate}>
              <EnvironmentOutline aria-hidden="true" /> {t('mobile.form.addLocation')}
            </Button>
          )}
        </div>
      </fieldset>

      <div className="gzm-actions gzm-actions-sticky">
        <Button
          block
          type="submit"
          color="primary"
          size="large"
          loading={saving}
          disabled={processing}
          data-testid="m-save"
        >
          {online ? t('mobile.form.save') : t('mobile.form.saveOffline')}
        </Button>
      </div>
    </form>
  );
}
