/**
 * HTTP of deliberation meetings (/api/deliberation/meetings): the list and one meeting (staff in
 * their area; residents the meetings of their community they are called to or that take up a
 * public topic), calling, changing and cancelling a meeting, sign-in (staff at the door, or a
 * called resident on their phone), the minutes, and the calendars (.ics) of a meeting and of a
 * council.
 */
import {
  CancelMeetingBody,
  CreateMeetingBody,
  ErrorBody,
  MeetingDetail,
  MeetingList,
  MeetingListQuery,
  MeetingMinutesBody,
  MeetingSignInBody,
  Uid,
  UpdateMeetingBody,
} from '@gongzhi/api';
import { Type } from '@sinclair/typebox';
import type { App, AppDeps } from '../../platform/deps.ts';
import { write } from '../../platform/http/write.ts';
import { meetingsCalendar } from './meetings-ics.ts';
import { createMeetingsService } from './meetings-service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const Params = Type.Object({ uid: Uid });
const tags = ['deliberation'];
const manage = { access: 'deliberation:manage' as const };
/** deliberation:read (staff) or deliberation:self (residents): the service tells them apart. */
const reader = { access: 'session' as const };
const ICS_HOST = 'gongzhi';

export function meetingRoutes(app: App, deps: AppDeps) {
  const meetings = createMeetingsService({ clock: deps.clock });

  app.get(
    '/api/deliberation/meetings',
    {
      schema: {
        tags,
        summary:
          'Meetings: staff in their area (or under unit); residents those of their community they are called to or that take up a public topic. With from: upcoming first',
        querystring: MeetingListQuery,
        response: { 200: MeetingList, ...errors },
      },
      config: reader,
    },
    (req) => meetings.list(deps.db, req.scope, req.query),
  );
  app.get(
    '/api/deliberation/meetings/:uid',
    {
      schema: {
        tags,
        summary: 'A meeting: agenda with decisions, attendees called and signed in (masked for residents), minutes',
        params: Params,
        response: { 200: MeetingDetail, ...errors },
      },
      config: reader,
    },
    (req) => meetings.view(deps.db, req.scope, req.params.uid),
  );
  app.post(
    '/api/deliberation/meetings',
    {
      schema: {
        tags,
        summary:
          'Call a meeting with its agenda; everyone called (default: the council’s members and the topics’ stakeholders) gets a notice',
        body: CreateMeetingBody,
        response: { 201: MeetingDetail, ...errors },
      },
      config: manage,
    },
    (req, reply) => write(deps, req, reply, (trx) => meetings.create(trx, req.scope, req.body), 201),
  );
  app.patch(
    '/api/deliberation/meetings/:uid',
    {
      schema: {
        tags,
        summary: 'Change a scheduled meeting: time or place (notifies again, SEQUENCE + 1), agenda, who is called',
        params: Params,
        body: UpdateMeetingBody,
        response: { 200: MeetingDetail, ...errors },
      },
      config: manage,
    },
    (req, reply) => write(deps, req, reply, (trx) => meetings.update(trx, req.scope, req.params.uid, req.body)),
  );
  app.post(
    '/api/deliberation/meetings/:uid/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel a scheduled meeting, with the reason everyone called is told',
        params: Params,
        body: CancelMeetingBody,
        response: { 200: MeetingDetail, ...errors },
      },
      config: manage,
    },
    (req, reply) => write(deps, req, reply, (trx) => meetings.cancel(trx, req.scope, req.params.uid, req.body)),
  );
  app.post(
    '/api/deliberation/meetings/:uid/sign-in',
    {
      schema: {
        tags,
        summary: 'Sign in people called to the meeting (staff at the door; from 30 minutes before it starts)',
        params: Params,
        body: MeetingSignInBody,
        response: { 200: MeetingDetail, ...errors },
      },
      config: manage,
    },
    (req, reply) => write(deps, req, reply, (trx) => meetings.signIn(trx, req.scope, req.params.uid, req.body)),
  );
  app.post(
    '/api/deliberation/meetings/:uid/sign-in/me',
    {
      schema: {
        tags,
        summary: 'Sign myself in to a meeting I am called to, from 30 minutes before it starts until it ends',
        params: Params,
        response: { 200: MeetingDetail, ...errors },
      },
      config: { access: 'deliberation:self' },
    },
    (req, reply) => write(deps, req, reply, (trx) => meetings.signInMe(trx, req.scope, req.params.uid)),
  );
  app.put(
    '/api/deliberation/meetings/:uid/minutes',
    {
      schema: {
        tags,
        summary: 'Record (or correct) the minutes and a decision per agenda topic; the meeting is held',
        params: Params,
        body: MeetingMinutesBody,
        response: { 200: MeetingDetail, ...errors },
      },
      config: manage,
    },
    (req, reply) => write(deps, req, reply, (trx) => meetings.minutes(trx, req.scope, req.params.uid, req.body)),
  );

  // ── Calendars ──
  app.get(
    '/api/deliberation/meetings/:uid/ics',
    {
      schema: {
        tags,
        summary: 'The meeting as an iCalendar file (staff; residents called to it or on its council)',
        params: Params,
      },
      config: reader,
    },
    async (req, reply) => {
      const m = await meetings.forCalendar(deps.db, req.scope, req.params.uid);
      return reply
        .type('text/calendar; charset=utf-8')
        .header('content-disposition', `attachment; filename="meeting-${m.uid}.ics"`)
        .send(meetingsCalendar(m.title, [m], { host: ICS_HOST, now: deps.clock() }));
    },
  );
  app.get(
    '/api/deliberation/councils/:uid/ics',
    {
      schema: {
        tags,
        summary: 'A council’s meetings (the last year and ahead) as an iCalendar feed (staff; its members)',
        params: Params,
      },
      config: reader,
    },
    async (req, reply) => {
      const { council, meetings: list } = await meetings.councilForCalendar(deps.db, req.scope, req.params.uid);
      return reply
        .type('text/calendar; charset=utf-8')
        .header('content-disposition', `attachment; filename="council-${council.uid}.ics"`)
        .send(meetingsCalendar(council.name, list, { host: ICS_HOST, now: deps.clock() }));
    },
  );
}
