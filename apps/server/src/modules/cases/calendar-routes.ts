/** HTTP of the working calendar (/api/cases/calendar): the merged year, and the district's own days. */
import {
  CalendarDay,
  CalendarDayBody,
  CalendarDayParams,
  CalendarDayReset,
  CalendarQuery,
  CalendarYear,
  ErrorBody,
} from '@gongzhi/api';
import type { App, AppDeps } from '../../platform/deps.ts';
import { write } from '../../platform/http/write.ts';
import { createCalendarService } from './calendar-service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const tags = ['cases'];
const admin = { access: 'cases:admin' as const };

export function calendarRoutes(app: App, deps: AppDeps) {
  const calendar = createCalendarService({ clock: deps.clock });

  app.get(
    '/api/cases/calendar',
    {
      schema: {
        tags,
        summary:
          'A year’s holidays and 调休 workdays: the State Council’s schedule with the district’s own days over it',
        querystring: CalendarQuery,
        response: { 200: CalendarYear, ...errors },
      },
      config: { access: 'cases:read' },
    },
    (req) => calendar.year(deps.db, req.scope, req.query),
  );

  app.put(
    '/api/cases/calendar/:day',
    {
      schema: {
        tags,
        summary: 'Make a day a holiday or a workday for the district (due dates computed afterwards count it)',
        params: CalendarDayParams,
        body: CalendarDayBody,
        response: { 200: CalendarDay, ...errors },
      },
      config: admin,
    },
    (req, reply) => write(deps, req, reply, (trx) => calendar.put(trx, req.scope, req.params.day, req.body)),
  );

  app.delete(
    '/api/cases/calendar/:day',
    {
      schema: {
        tags,
        summary: 'Remove the district’s own entry for a day: the official schedule (or Monday–Friday) holds again',
        params: CalendarDayParams,
        response: { 200: CalendarDayReset, ...errors },
      },
      config: admin,
    },
    (req, reply) => write(deps, req, reply, (trx) => calendar.remove(trx, req.scope, req.params.day)),
  );
}
