/**
 * Meetings as iCalendar (RFC 5545) and as words: one VEVENT per meeting with a UID that stays
 * the same for the meeting's life and SEQUENCE = meeting.ics_sequence (bumped on every change of
 * time or place, and on cancelling), METHOD:PUBLISH, cancelled ones STATUS:CANCELLED, times in
 * Asia/Shanghai (a VTIMEZONE is included: China keeps UTC+8 all year).
 */
import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';

const TZ = 'Asia/Shanghai';
const OFFSET_MS = 8 * 3_600_000;
const VTIMEZONE = [
  'BEGIN:VTIMEZONE',
  `TZID:${TZ}`,
  `X-LIC-LOCATION:${TZ}`,
  'BEGIN:STANDARD',
  'DTSTART:19700101T000000',
  'TZOFFSETFROM:+0800',
  'TZOFFSETTO:+0800',
  'TZNAME:CST',
  'END:STANDARD',
  'END:VTIMEZONE',
].join('\r\n');

const KIND_NAMES: Record<string, string> = {
  council: '议事会会议',
  two_committees: '两委会议',
  party_members: '党员大会',
  representatives: '代表会议',
  residents: '居民(村民)会议',
  hearing: '听证会',
};

export interface IcsMeeting {
  uid: string;
  kind: string;
  title: string;
  place: string;
  starts_at: Date;
  ends_at: Date;
  status: string;
  ics_sequence: number;
  community_name: string;
  cancel_reason: string | null;
  updated_at: Date;
  created_at: Date;
}

/** The wall-clock time in China, 'YYYY-MM-DDTHH:MM:SS' (no zone). */
function chinaWallTime(d: Date): string {
  return new Date(d.getTime() + OFFSET_MS).toISOString().slice(0, 19);
}

/** '2026年11月25日 19:30–21:00' (China time); the end's date too when it ends another day. */
export function meetingTimeText(start: Date, end: Date): string {
  const s = chinaWallTime(start);
  const e = chinaWallTime(end);
  const day = (w: string) => `${Number(w.slice(0, 4))}年${Number(w.slice(5, 7))}月${Number(w.slice(8, 10))}日`;
  const hm = (w: string) => w.slice(11, 16);
  return s.slice(0, 10) === e.slice(0, 10) ? `${day(s)} ${hm(s)}–${hm(e)}` : `${day(s)} ${hm(s)} – ${day(e)} ${hm(e)}`;
}

/** The stable iCalendar UID of a meeting. */
export const icsUid = (meetingUid: string, host: string) => `meeting-${meetingUid}@${host}`;

/** A calendar of the meetings (one or a council's), as text/calendar. */
export function meetingsCalendar(
  name: string,
  meetings: readonly IcsMeeting[],
  opts: { host: string; linkBase?: string; now: Date },
): string {
  const cal = ical({
    name,
    method: ICalCalendarMethod.PUBLISH,
    prodId: { company: 'gongzhi', product: 'deliberation', language: 'ZH' },
  });
  cal.x([{ key: 'X-WR-TIMEZONE', value: TZ }]);
  for (const m of meetings) {
    const lines = [`${KIND_NAMES[m.kind] ?? m.kind} · ${m.community_name}`];
    if (m.status === 'cancelled' && m.cancel_reason) lines.push(`已取消:${m.cancel_reason}`);
    cal.createEvent({
      id: icsUid(m.uid, opts.host),
      sequence: m.ics_sequence,
      stamp: opts.now,
      created: m.created_at,
      lastModified: m.updated_at,
      start: chinaWallTime(m.starts_at),
      end: chinaWallTime(m.ends_at),
      timezone: TZ,
      summary: m.status === 'cancelled' ? `【已取消】${m.title}` : m.title,
      location: m.place,
      description: lines.join('\n'),
      status: m.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      ...(opts.linkBase ? { url: `${opts.linkBase}/r/deliberation/meetings/${m.uid}` } : {}),
    });
  }
  // Every TZID used needs its VTIMEZONE; ical-generator adds one only with a date library.
  return cal.toString().replace(/\r\nBEGIN:VEVENT|\r\nEND:VCALENDAR/, (rest) => `\r\n${VTIMEZONE}${rest}`);
}
