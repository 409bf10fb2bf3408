/**
 * Meetings of deliberation (议事会议): calling them with an agenda and the people called (each told
 * by an in-app notice), changing or cancelling them (told again; the iCalendar SEQUENCE goes up),
 * signing in at the door or on one's phone, and the minutes with a decision per topic, which mark
 * the meeting held — the records a topic's step needs. Owns meeting, meeting_topic and
 * meeting_attendee; reads councils, topics and the registry; tells people through notices.
 */
import type {
  CancelMeetingBody,
  CreateMeetingBody,
  MeetingAction,
  MeetingAttendeeInput,
  MeetingAttendeeRole,
  MeetingDetail,
  MeetingKind,
  MeetingList,
  MeetingListQuery,
  MeetingMinutesBody,
  MeetingSignInBody,
  MeetingStatus,
  MeetingSummary,
  UpdateMeetingBody,
} from '@gongzhi/api';
import { isWithin, maskName } from '@gongzhi/domain';
import { recordAudit } from '../../platform/audit/audit.ts';
import { actorOf, canAt, hasPermission, inSubtrees, pathsWith, type Scope } from '../../platform/auth/scope.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/jobs/outbox.ts';
import { notify } from '../notices/notices-service.ts';
import { unitForScope } from '../org/service.ts';
import { type Catalogue, invalid } from '../registry/person-data.ts';
import { meetingTimeText } from './meetings-ics.ts';
import * as repo from './meetings-repo.ts';
import { residentOf as findResident } from './residents.ts';
import { appendTopicEvents } from './timeline.ts';

/** Sign-in opens this long before the meeting starts (and closes for residents when it ends). */
export const SIGN_IN_OPENS_BEFORE_MS = 30 * 60_000;
const CLOSED_TOPIC = new Set(['done', 'rejected', 'withdrawn']);
const NOT_FOUND = 'DELIB_MEETING_NOT_FOUND';

type Issue = { field: string; code: string };

/** Problems of a meeting's fields; `{f}` is the field. */
export const MEETING_PROBLEMS: Catalogue = {
  ENDS_BEFORE_STARTS: { 'zh-CN': '{f}:结束时间须晚于开始时间', en: '{f}: the end must be after the start' },
  COUNCIL_NOT_FOUND: { 'zh-CN': '{f}:议事会不存在或不在您的管辖范围内', en: '{f}: no such council within your area' },
  COUNCIL_INACTIVE: { 'zh-CN': '{f}:该议事会已停用', en: '{f}: the council is no longer active' },
  COMMUNITY_REQUIRED: {
    'zh-CN': '{f}:请指定议事会、社区(村)或至少一个议题',
    en: '{f}: name a council, a community (village) or at least one topic',
  },
  NOT_A_COMMUNITY: { 'zh-CN': '{f}:须为社区或村', en: '{f}: must be a community or a village' },
  TOPIC_NOT_FOUND: {
    'zh-CN': '{f}:议题不存在或不属于本社区(村)',
    en: '{f}: no such topic in this community (village)',
  },
  TOPIC_CLOSED: { 'zh-CN': '{f}:议题已办结、被驳回或撤回', en: '{f}: the topic is done, rejected or withdrawn' },
  PERSON_NOT_FOUND: { 'zh-CN': '{f}:人员不存在或不在您的管辖范围内', en: '{f}: no such person within your area' },
  DUPLICATE: { 'zh-CN': '{f}:重复', en: '{f}: listed twice' },
  NOT_CALLED: { 'zh-CN': '{f}:此人不在本次会议的参会名单中', en: '{f}: this person is not called to the meeting' },
  NOT_ON_AGENDA: { 'zh-CN': '{f}:该议题不在本次会议的议程中', en: '{f}: the topic is not on the meeting’s agenda' },
};

const iso = (d: Date) => d.toISOString();

/** The resident calling: their person and community (none → 404: nothing of deliberation is theirs). */
const residentOf = (db: Db, scope: Scope) => findResident(db, scope, NOT_FOUND);

interface Viewer {
  /** may read it as staff (deliberation:read at its path) */
  staff: boolean;
  /** may run it (deliberation:manage at its path) */
  manage: boolean;
  /** the caller's registry person (a resident), if any */
  personId: number | null;
  called: boolean;
}

/** What a topic's step reads of a meeting: held with minutes, attendance, this topic on its agenda. */
export interface MeetingFacts {
  id: number;
  uid: string;
  title: string;
  kind: MeetingKind;
  orgPath: string;
  communityId: number;
  startsAt: Date;
  status: MeetingStatus;
  /** held (minutes recorded) */
  held: boolean;
  minutes: boolean;
  attendance: { called: number; present: number };
  /** the topic is on the agenda, and what the meeting decided on it */
  onAgenda: boolean;
  decision: string | null;
}

/**
 * The records a meeting gives a topic's step (the topics part's step completion calls it);
 * undefined when there is no such meeting. Scope is the caller's business.
 */
export async function meetingFactsFor(db: Db, meetingUid: string, topicId: number): Promise<MeetingFacts | undefined> {
  const m = await repo.meetingByUid(db, meetingUid);
  if (!m) return undefined;
  const item = (await repo.agendaOf(db, m.id)).find((a) => a.topic_id === topicId);
  return {
    id: m.id,
    uid: m.uid,
    title: m.title,
    kind: m.kind as MeetingKind,
    orgPath: m.org_path,
    communityId: m.community_id,
    startsAt: m.starts_at,
    status: m.status as MeetingStatus,
    held: m.status === 'held',
    minutes: m.status === 'held' && m.minutes !== null,
    attendance: { called: m.called_count, present: m.signed_in_count },
    onAgenda: item !== undefined,
    decision: item?.decision ?? null,
  };
}

export function createMeetingsService(deps: { clock: Clock }) {
  const { clock } = deps;

  function requireReader(scope: Scope): 'staff' | 'resident' {
    if (hasPermission(scope, 'deliberation:read')) return 'staff';
    if (hasPermission(scope, 'deliberation:self')) return 'resident';
    throw new AppError('FORBIDDEN', 403, { permission: 'deliberation:read' });
  }

  /** Who the caller is to the meeting; a meeting they may not see is 404. */
  async function viewerOf(db: Db, scope: Scope, m: repo.MeetingRow): Promise<Viewer> {
    if (canAt(scope, 'deliberation:read', m.org_path))
      return { staff: true, manage: canAt(scope, 'deliberation:manage', m.org_path), personId: null, called: false };
    if (hasPermission(scope, 'deliberation:self')) {
      const me = await residentOf(db, scope);
      if (me.communityId === m.community_id) {
        const called = (await repo.calledTo(db, [m.id], me.personId)).has(m.id);
        const agenda = called ? [] : await repo.agendaOf(db, m.id);
        if (called || agenda.some((a) => a.public))
          return { staff: false, manage: false, personId: me.personId, called };
      }
    }
    throw new AppError(NOT_FOUND, 404);
  }

  async function meetingFor(db: Db, scope: Scope, uid: string, lock = false) {
    const m = await repo.meetingByUid(db, uid, lock);
    if (!m) throw new AppError(NOT_FOUND, 404);
    return { m, viewer: await viewerOf(db, scope, m) };
  }

  /** A meeting the caller runs (deliberation:manage at its path); anything else is 404. */
  async function managed(trx: Db, scope: Scope, uid: string): Promise<repo.MeetingRow> {
    const m = await repo.meetingByUid(trx, uid, true);
    if (!m || !canAt(scope, 'deliberation:manage', m.org_path)) throw new AppError(NOT_FOUND, 404);
    return m;
  }

  function summaryOf(m: repo.MeetingRow, called: boolean): MeetingSummary {
    return {
      uid: m.uid,
      kind: m.kind as MeetingKind,
      title: m.title,
      place: m.place,
      startsAt: iso(m.starts_at),
      endsAt: iso(m.ends_at),
      status: m.status as MeetingStatus,
      community: { uid: m.community_uid, name: m.community_name },
      council: m.council_uid ? { uid: m.council_uid, name: m.council_name as string } : null,
      topicCount: m.topic_count,
      calledCount: m.called_count,
      signedInCount: m.signed_in_count,
      icsSequence: m.ics_sequence,
      called,
    };
  }

  function signInOpen(m: repo.MeetingRow, now: Date, resident: boolean): boolean {
    if (m.status === 'cancelled') return false;
    if (now.getTime() < m.starts_at.getTime() - SIGN_IN_OPENS_BEFORE_MS) return false;
    return !resident || now.getTime() <= m.ends_at.getTime();
  }

  async function detail(db: Db, m: repo.MeetingRow, v: Viewer): Promise<MeetingDetail> {
    const [agenda, attendees] = await Promise.all([repo.agendaOf(db, m.id), repo.attendeesOf(db, m.id)]);
    const now = clock();
    const mine = attendees.find((a) => a.person_id === v.personId);
    const actions: MeetingAction[] = [];
    if (v.manage) {
      if (m.status === 'scheduled') actions.push('edit', 'cancel');
      if (signInOpen(m, now, false)) actions.push('sign_in');
      if (m.status !== 'cancelled' && now >= m.starts_at) actions.push('minutes');
    }
    if (mine && !mine.signed_in_at && signInOpen(m, now, true)) actions.push('sign_in_me');
    return {
      ...summaryOf(m, v.called),
      agenda: agenda
        .filter((a) => v.staff || a.public)
        .map((a) => ({
          sort: a.sort,
          topic: { uid: a.topic_uid, title: a.title, status: a.status },
          decision: a.decision,
        })),
      attendees: attendees.map((a) => {
        const self = a.person_id === v.personId;
        return {
          personUid: v.staff ? a.person_uid : null,
          name: v.staff ? a.name : self ? '我' : maskName(a.name),
          role: a.role as MeetingAttendeeRole,
          signedInAt: a.signed_in_at ? iso(a.signed_in_at) : null,
          self,
        };
      }),
      minutes: m.minutes,
      minutesBy: v.staff ? m.minutes_by_name : null,
      cancelReason: m.cancel_reason,
      createdAt: iso(m.created_at),
      updatedAt: iso(m.updated_at),
      signedIn: Boolean(mine?.signed_in_at),
      allowedActions: actions,
    };
  }

  async function reload(trx: Db, scope: Scope, uid: string): Promise<MeetingDetail> {
    const { m, viewer } = await meetingFor(trx, scope, uid);
    return detail(trx, m, viewer);
  }

  async function audit(trx: Db, scope: Scope, action: string, m: { uid: string; org_path: string }, after: unknown) {
    await recordAudit(
      trx,
      actorOf(scope),
      { action: `deliberation.meeting_${action}`, targetType: 'meeting', targetId: m.uid, orgPath: m.org_path, after },
      clock(),
    );
  }

  function noticeBody(m: { title: string; place: string; starts_at: Date; ends_at: Date }, extra?: string) {
    const when = `时间:${meetingTimeText(m.starts_at, m.ends_at)}\n地点:${m.place}`;
    return extra ? `${when}\n${extra}` : when;
  }
  const linkOf = (uid: string) => `/r/deliberation/meetings/${uid}`;

  // ── Reads ─────────────────────────────────────────────────────────────────────────────────
  async function list(db: Db, scope: Scope, q: MeetingListQuery): Promise<MeetingList> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const who = requireReader(scope);
    let personId: number | null = null;
    let where: repo.MeetingFilter['where'];
    if (who === 'staff') {
      if (q.unit) {
        const unit = await unitForScope(db, scope, { uid: q.unit }, 'deliberation:read');
        where = inSubtrees('m.org_path', [unit.path]);
      } else where = inSubtrees('m.org_path', pathsWith(scope, 'deliberation:read'));
    } else {
      const me = await residentOf(db, scope);
      personId = me.personId;
      where = repo.residentSees(me.communityId, me.personId);
    }
    let councilId: number | undefined;
    if (q.council) {
      const c = await repo.councilByUid(db, q.council);
      councilId = c?.id ?? 0;
    }
    const filter: repo.MeetingFilter = {
      where,
      councilId,
      status: q.status,
      from: q.from ? new Date(q.from) : undefined,
      to: q.to ? new Date(q.to) : undefined,
      ascending: q.from !== undefined,
    };
    const [rows, total] = await Promise.all([
      repo.listMeetings(db, filter, pageSize, (page - 1) * pageSize),
      repo.countMeetings(db, filter),
    ]);
    const called = await repo.calledTo(
      db,
      rows.map((r) => r.id),
      personId,
    );
    return { items: rows.map((r) => summaryOf(r, called.has(r.id))), total, page, pageSize };
  }

  async function view(db: Db, scope: Scope, uid: string): Promise<MeetingDetail> {
    requireReader(scope);
    return reload(db, scope, uid);
  }

  // ── Validation of what a meeting is made of ───────────────────────────────────────────────
  async function checkTopics(trx: Db, uids: string[], communityId: number, field: string, issues: Issue[]) {
    const found = new Map((await repo.topicsByUid(trx, uids)).map((t) => [t.uid, t]));
    const ids: number[] = [];
    uids.forEach((uid, i) => {
      const t = found.get(uid.toLowerCase());
      if (!t || t.community_id !== communityId) issues.push({ field: `${field}[${i}]`, code: 'TOPIC_NOT_FOUND' });
      else if (CLOSED_TOPIC.has(t.status)) issues.push({ field: `${field}[${i}]`, code: 'TOPIC_CLOSED' });
      else ids.push(t.id);
    });
    return ids;
  }

  async function checkPeople(
    trx: Db,
    scope: Scope,
    input: readonly MeetingAttendeeInput[],
    field: string,
    issues: Issue[],
  ): Promise<{ personId: number; role: string }[]> {
    const found = new Map(
      (
        await repo.personsByUid(
          trx,
          input.map((a) => a.personUid),
        )
      ).map((p) => [p.uid, p]),
    );
    const seen = new Set<number>();
    const out: { personId: number; role: string }[] = [];
    input.forEach((a, i) => {
      const p = found.get(a.personUid.toLowerCase());
      if (!p || !canAt(scope, 'deliberation:manage', p.org_path))
        issues.push({ field: `${field}[${i}].personUid`, code: 'PERSON_NOT_FOUND' });
      else if (seen.has(p.id)) issues.push({ field: `${field}[${i}].personUid`, code: 'DUPLICATE' });
      else {
        seen.add(p.id);
        out.push({ personId: p.id, role: a.role ?? 'member' });
      }
    });
    return out;
  }

  /** Who a meeting calls when no list is given (see CreateMeetingBody). */
  async function defaultAttendees(
    trx: Db,
    kind: MeetingKind,
    council: repo.CouncilRow | null,
    communityPath: string,
    topicIds: number[],
  ): Promise<{ personId: number; role: string }[]> {
    if (kind === 'party_members')
      return (await repo.partyMembersIn(trx, communityPath)).map((personId) => ({ personId, role: 'member' }));
    if (kind === 'representatives')
      return council
        ? (await repo.councilMembers(trx, council.id, [], 'representative')).map((m) => ({
            personId: m.person_id,
            role: 'member',
          }))
        : [];
    const out = new Map<number, string>();
    if (council)
      for (const m of await repo.councilMembers(trx, council.id, topicIds))
        out.set(m.person_id, m.seat === 'stakeholder' ? 'stakeholder' : 'member');
    for (const id of await repo.stakeholdersOf(trx, topicIds)) if (!out.has(id)) out.set(id, 'stakeholder');
    return [...out].map(([personId, role]) => ({ personId, role }));
  }

  // ── Writes ────────────────────────────────────────────────────────────────────────────────
  async function create(trx: Db, scope: Scope, body: CreateMeetingBody): Promise<MeetingDetail> {
    const now = clock();
    const issues: Issue[] = [];
    const startsAt = new Date(body.startsAt);
    const endsAt = new Date(body.endsAt);
    if (!(endsAt > startsAt)) issues.push({ field: 'endsAt', code: 'ENDS_BEFORE_STARTS' });

    // The community: the council's, else the unit, else the first topic's.
    let council: repo.CouncilRow | null = null;
    let community: repo.CommunityRow | undefined;
    if (body.council) {
      const c = await repo.councilByUid(trx, body.council);
      if (!c || !canAt(scope, 'deliberation:manage', c.org_path))
        issues.push({ field: 'council', code: 'COUNCIL_NOT_FOUND' });
      else if (!c.active) issues.push({ field: 'council', code: 'COUNCIL_INACTIVE' });
      else {
        council = c;
        community = await repo.unitById(trx, c.community_id);
      }
    }
    if (!community && body.unit && !body.council) {
      const unit = await unitForScope(trx, scope, { uid: body.unit }, 'deliberation:manage');
      if (unit.kind !== 'community' && unit.kind !== 'village') issues.push({ field: 'unit', code: 'NOT_A_COMMUNITY' });
      else community = await repo.unitById(trx, unit.id);
    }
    if (!community && !body.council && !body.unit) {
      const [first] = await repo.topicsByUid(trx, body.topics.slice(0, 1));
      if (first) community = await repo.unitById(trx, first.community_id);
      if (!first) issues.push({ field: 'unit', code: 'COMMUNITY_REQUIRED' });
    }
    if (community && !canAt(scope, 'deliberation:manage', community.path)) {
      // A topic outside the caller's area names no community they may use.
      community = undefined;
      issues.push({ field: 'topics[0]', code: 'TOPIC_NOT_FOUND' });
    }
    if (!community) throw invalid(issues, scope.locale, MEETING_PROBLEMS);

    const topicIds = await checkTopics(trx, body.topics, community.id, 'topics', issues);
    const people = body.attendees
      ? await checkPeople(trx, scope, body.attendees, 'attendees', issues)
      : await defaultAttendees(trx, body.kind, council, community.path, topicIds);
    if (issues.length > 0) throw invalid(issues, scope.locale, MEETING_PROBLEMS);

    const id = await repo.insertMeeting(
      trx,
      {
        uid: body.uid,
        community_id: community.id,
        org_path: community.path,
        council_id: council?.id ?? null,
        kind: body.kind,
        title: body.title.trim(),
        place: body.place.trim(),
        starts_at: startsAt,
        ends_at: endsAt,
        created_by: scope.user.id,
      },
      now,
    );
    if (id === null) throw new AppError('DELIB_MEETING_EXISTS', 409);
    await repo.setAgenda(trx, id, topicIds);
    await repo.addAttendees(trx, id, people);
    const m = { uid: body.uid, org_path: community.path, title: body.title.trim(), place: body.place.trim() };
    const agenda = await repo.agendaOf(trx, id);
    await notify(
      trx,
      {
        personIds: people.map((p) => p.personId),
        kind: 'meeting_called',
        title: `会议通知:${m.title}`,
        body: noticeBody(
          { ...m, starts_at: startsAt, ends_at: endsAt },
          agenda.length > 0 ? `议题:${agenda.map((a) => a.title).join('；')}` : undefined,
        ),
        link: linkOf(body.uid),
      },
      now,
    );
    const actor = actorOf(scope);
    for (const a of agenda)
      await appendTopicEvents(
        trx,
        a.topic_id,
        actor,
        [{ action: 'meeting_scheduled', detail: { meetingUid: body.uid, title: m.title, startsAt: body.startsAt } }],
        now,
      );
    await audit(trx, scope, 'create', m, {
      kind: body.kind,
      title: m.title,
      place: m.place,
      startsAt: body.startsAt,
      endsAt: body.endsAt,
      council: body.council ?? null,
      topics: agenda.map((a) => a.topic_uid),
      called: people.length,
    });
    return reload(trx, scope, body.uid);
  }

  function assertScheduled(m: repo.MeetingRow) {
    if (m.status === 'cancelled') throw new AppError('DELIB_MEETING_CANCELLED', 409);
    if (m.status === 'held') throw new AppError('DELIB_MEETING_HELD', 409);
  }

  async function update(trx: Db, scope: Scope, uid: string, body: UpdateMeetingBody): Promise<MeetingDetail> {
    const now = clock();
    const m = await managed(trx, scope, uid);
    assertScheduled(m);
    const issues: Issue[] = [];
    const startsAt = body.startsAt ? new Date(body.startsAt) : m.starts_at;
    const endsAt = body.endsAt ? new Date(body.endsAt) : m.ends_at;
    if (!(endsAt > startsAt)) issues.push({ field: body.endsAt ? 'endsAt' : 'startsAt', code: 'ENDS_BEFORE_STARTS' });
    const topicIds = body.topics ? await checkTopics(trx, body.topics, m.community_id, 'topics', issues) : null;
    const added = body.addAttendees ? await checkPeople(trx, scope, body.addAttendees, 'addAttendees', issues) : [];
    if (issues.length > 0) throw invalid(issues, scope.locale, MEETING_PROBLEMS);

    const title = body.title?.trim() ?? m.title;
    const place = body.place?.trim() ?? m.place;
    const moved = startsAt.getTime() !== m.starts_at.getTime() || endsAt.getTime() !== m.ends_at.getTime();
    const timeOrPlace = moved || place !== m.place;
    const changed = timeOrPlace || title !== m.title;
    if (changed)
      await repo.updateMeeting(trx, m.id, { title, place, starts_at: startsAt, ends_at: endsAt, bump: true }, now);

    const before = await repo.attendeesOf(trx, m.id);
    const removedUids = new Set((body.removeAttendees ?? []).map((u) => u.toLowerCase()));
    const removed = before.filter((a) => removedUids.has(a.person_uid)).map((a) => a.person_id);
    await repo.removeAttendees(trx, m.id, removed);
    const newlyCalled = await repo.addAttendees(trx, m.id, added);
    if (topicIds) await repo.setAgenda(trx, m.id, topicIds);
    if (!changed && (removed.length > 0 || newlyCalled.length > 0 || topicIds))
      await repo.updateMeeting(trx, m.id, {}, now);

    const now_ = { title, place, starts_at: startsAt, ends_at: endsAt };
    const link = linkOf(m.uid);
    if (timeOrPlace) {
      const stay = before.map((a) => a.person_id).filter((id) => !removed.includes(id));
      await notify(
        trx,
        {
          personIds: stay,
          kind: 'meeting_changed',
          title: `会议变更:${title}`,
          body: noticeBody(now_, `(原定 ${meetingTimeText(m.starts_at, m.ends_at)} · ${m.place})`),
          link,
        },
        now,
      );
    }
    await notify(
      trx,
      { personIds: newlyCalled, kind: 'meeting_called', title: `会议通知:${title}`, body: noticeBody(now_), link },
      now,
    );
    await notify(
      trx,
      {
        personIds: removed,
        kind: 'meeting_uncalled',
        title: `无需参加:${title}`,
        body: `您已不在「${title}」的参会名单中。`,
        link: null,
      },
      now,
    );
    await audit(trx, scope, 'update', m, {
      ...(changed ? { title, place, startsAt: iso(startsAt), endsAt: iso(endsAt) } : {}),
      ...(topicIds ? { topics: body.topics } : {}),
      added: newlyCalled.length,
      removed: removed.length,
    });
    return reload(trx, scope, uid);
  }

  async function cancel(trx: Db, scope: Scope, uid: string, body: CancelMeetingBody): Promise<MeetingDetail> {
    const now = clock();
    const m = await managed(trx, scope, uid);
    assertScheduled(m);
    const reason = body.reason.trim();
    await repo.updateMeeting(trx, m.id, { status: 'cancelled', cancel_reason: reason, bump: true }, now);
    const attendees = await repo.attendeesOf(trx, m.id);
    await notify(
      trx,
      {
        personIds: attendees.map((a) => a.person_id),
        kind: 'meeting_cancelled',
        title: `会议取消:${m.title}`,
        body: noticeBody(m, `取消原因:${reason}`),
        link: linkOf(m.uid),
      },
      now,
    );
    const actor = actorOf(scope);
    for (const a of await repo.agendaOf(trx, m.id))
      await appendTopicEvents(
        trx,
        a.topic_id,
        actor,
        [{ action: 'meeting_cancelled', note: reason, detail: { meetingUid: m.uid, title: m.title } }],
        now,
      );
    await audit(trx, scope, 'cancel', m, { reason });
    return reload(trx, scope, uid);
  }

  async function signIn(trx: Db, scope: Scope, uid: string, body: MeetingSignInBody): Promise<MeetingDetail> {
    const now = clock();
    const m = await managed(trx, scope, uid);
    if (m.status === 'cancelled') throw new AppError('DELIB_MEETING_CANCELLED', 409);
    if (!signInOpen(m, now, false)) throw new AppError('DELIB_SIGN_IN_CLOSED', 409);
    const called = new Map((await repo.attendeesOf(trx, m.id)).map((a) => [a.person_uid, a]));
    const issues: Issue[] = [];
    const ids: number[] = [];
    body.personUids.forEach((u, i) => {
      const a = called.get(u.toLowerCase());
      if (!a) issues.push({ field: `personUids[${i}]`, code: 'NOT_CALLED' });
      else ids.push(a.person_id);
    });
    if (issues.length > 0) throw invalid(issues, scope.locale, MEETING_PROBLEMS);
    const signed = await repo.signIn(trx, m.id, ids, scope.user.id, now);
    if (signed.length > 0) {
      await repo.updateMeeting(trx, m.id, {}, now);
      await audit(trx, scope, 'sign_in', m, {
        persons: [...called.values()].filter((a) => signed.includes(a.person_id)).map((a) => a.person_uid),
      });
    }
    return reload(trx, scope, uid);
  }

  async function signInMe(trx: Db, scope: Scope, uid: string): Promise<MeetingDetail> {
    const now = clock();
    const { m, viewer } = await meetingFor(trx, scope, uid, true);
    if (!viewer.called || viewer.personId === null) throw new AppError('DELIB_NOT_CALLED', 403);
    if (m.status === 'cancelled') throw new AppError('DELIB_MEETING_CANCELLED', 409);
    const mine = (await repo.attendeesOf(trx, m.id)).find((a) => a.person_id === viewer.personId);
    // Signed in already: kept as it was (a retry after the window answers the same).
    if (mine?.signed_in_at) return reload(trx, scope, uid);
    if (!signInOpen(m, now, true)) throw new AppError('DELIB_SIGN_IN_CLOSED', 409);
    await repo.signIn(trx, m.id, [viewer.personId], scope.user.id, now);
    await repo.updateMeeting(trx, m.id, {}, now);
    await audit(trx, scope, 'sign_in_self', m, { self: true });
    return reload(trx, scope, uid);
  }

  async function minutes(trx: Db, scope: Scope, uid: string, body: MeetingMinutesBody): Promise<MeetingDetail> {
    const now = clock();
    const m = await managed(trx, scope, uid);
    if (m.status === 'cancelled') throw new AppError('DELIB_MEETING_CANCELLED', 409);
    if (now < m.starts_at) throw new AppError('DELIB_MEETING_NOT_STARTED', 409);
    const agenda = new Map((await repo.agendaOf(trx, m.id)).map((a) => [a.topic_uid, a]));
    const issues: Issue[] = [];
    const seen = new Set<string>();
    const decisions: { topic: repo.AgendaRow; decision: string }[] = [];
    body.decisions.forEach((d, i) => {
      const uidLower = d.topicUid.toLowerCase();
      const a = agenda.get(uidLower);
      if (!a) issues.push({ field: `decisions[${i}].topicUid`, code: 'NOT_ON_AGENDA' });
      else if (seen.has(uidLower)) issues.push({ field: `decisions[${i}].topicUid`, code: 'DUPLICATE' });
      else decisions.push({ topic: a, decision: d.decision.trim() });
      seen.add(uidLower);
    });
    if (issues.length > 0) throw invalid(issues, scope.locale, MEETING_PROBLEMS);
    const first = m.status !== 'held';
    await repo.updateMeeting(
      trx,
      m.id,
      { status: 'held', minutes: body.minutes.trim(), minutes_by: scope.user.id },
      now,
    );
    for (const d of decisions) await repo.setDecision(trx, m.id, d.topic.topic_id, d.decision);
    const attendees = await repo.attendeesOf(trx, m.id);
    const present = attendees.filter((a) => a.signed_in_at !== null);
    const actor = actorOf(scope);
    for (const a of agenda.values()) {
      const d = decisions.find((x) => x.topic.topic_id === a.topic_id);
      // A correction marks only the topics whose decision it gives.
      if (!first && !d) continue;
      await appendTopicEvents(
        trx,
        a.topic_id,
        actor,
        [
          {
            action: first ? 'meeting_held' : 'meeting_minutes_corrected',
            note: d?.decision ?? null,
            detail: { meetingUid: m.uid, title: m.title, called: attendees.length, present: present.length },
          },
        ],
        now,
      );
    }
    if (first)
      await emitEvent(
        trx,
        'deliberation.meeting_held',
        {
          meetingUid: m.uid,
          kind: m.kind,
          communityUid: m.community_uid,
          topics: [...agenda.keys()],
          called: attendees.length,
          attended: present.map((a) => a.person_uid),
        },
        m.org_path,
        now,
      );
    await audit(trx, scope, first ? 'minutes' : 'minutes_correct', m, {
      decisions: decisions.map((d) => ({ topic: d.topic.topic_uid, decision: d.decision })),
      present: present.length,
      called: attendees.length,
    });
    return reload(trx, scope, uid);
  }

  // ── Calendars ─────────────────────────────────────────────────────────────────────────────
  /** A meeting for its .ics: staff who may read it, residents called to it or on its council. */
  async function forCalendar(db: Db, scope: Scope, uid: string): Promise<repo.MeetingRow> {
    requireReader(scope);
    const m = await repo.meetingByUid(db, uid);
    if (!m) throw new AppError(NOT_FOUND, 404);
    if (canAt(scope, 'deliberation:read', m.org_path)) return m;
    if (hasPermission(scope, 'deliberation:self')) {
      const me = await residentOf(db, scope);
      if (me.communityId === m.community_id && me.personId !== null) {
        if ((await repo.calledTo(db, [m.id], me.personId)).has(m.id)) return m;
        if (m.council_id !== null && (await repo.isCouncilMember(db, m.council_id, me.personId))) return m;
      }
    }
    throw new AppError(NOT_FOUND, 404);
  }

  /** A council's meetings (the last year and ahead): staff who may read it, its current members. */
  async function councilForCalendar(db: Db, scope: Scope, uid: string) {
    requireReader(scope);
    const c = await repo.councilByUid(db, uid);
    if (!c) throw new AppError('DELIB_COUNCIL_NOT_FOUND', 404);
    let ok = canAt(scope, 'deliberation:read', c.org_path);
    if (!ok && hasPermission(scope, 'deliberation:self')) {
      const me = await residentOf(db, scope);
      ok =
        me.personId !== null &&
        isWithin(me.communityPath, c.org_path) &&
        (await repo.isCouncilMember(db, c.id, me.personId));
    }
    if (!ok) throw new AppError('DELIB_COUNCIL_NOT_FOUND', 404);
    const since = new Date(clock().getTime() - 366 * 86_400_000);
    return { council: c, meetings: await repo.councilCalendar(db, c.id, since) };
  }

  return { list, view, create, update, cancel, signIn, signInMe, minutes, forCalendar, councilForCalendar };
}
