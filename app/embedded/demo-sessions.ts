/**
 * The demo's sessions with a story, so that the first run has something to
 * show: one held eight working days ago and still not recorded (overdue, and
 * under "record"), one held yesterday (a record prompt), and one in two
 * working days for the ASYE persona (a preparation prompt), whose last
 * session left two actions.
 *
 * They are booked as every session is: at a time both people are free in
 * Outlook (free/busy, then the planner's `proposeSlot`), written to the store
 * as a series intent of one occurrence, then carried to the supervisor's
 * calendar by `book()` itself, which finishes open intents before planning
 * anything. So the daily booking that runs next sees them in free/busy and
 * books around them, and reconciling follows them like any other session.
 */
import {
  addWorkingDays,
  InputError,
  isoWeekday,
  londonDateTime,
  type IsoDate,
} from '../../rules/index.ts';
import { bookingStore, type Database } from '../../store/index.ts';
import {
  book,
  proposeSlot,
  seriesRequestFor,
  type CalendarPort,
  type Clock,
  type SeriesIntent,
  type Venue,
} from '../../supervision/index.ts';
import { toAvailability } from '../../supervision/availability.ts';

interface Wanted {
  supervisee: string;
  /** The working day wanted, and the working days either side it may move to. */
  date: IsoDate;
  earliest: IsoDate;
  latest: IsoDate;
  time: string;
}

const MINUTES = 60;

export async function seedDemoSessions(
  db: Database,
  calendar: CalendarPort,
  clock: Clock,
  today: IsoDate,
): Promise<void> {
  const wanted: Wanted[] = [
    {
      supervisee: 'f.ali@northdale.example',
      date: addWorkingDays(today, -8),
      earliest: addWorkingDays(today, -9),
      latest: addWorkingDays(today, -7),
      time: '14:00',
    },
    {
      supervisee: 'c.evans@northdale.example',
      date: addWorkingDays(today, -1),
      earliest: addWorkingDays(today, -2),
      latest: addWorkingDays(today, -1),
      time: '11:00',
    },
    {
      supervisee: 'n.patel@northdale.example',
      date: addWorkingDays(today, 2),
      earliest: addWorkingDays(today, 1),
      latest: addWorkingDays(today, 2),
      time: '10:00',
    },
  ];
  const store = bookingStore(db);
  for (const session of wanted) {
    const intent = await intentFor(db, calendar, session);
    await store.saveIntents([intent]);
    const report = await book(
      { store, calendar, clock },
      { relationshipId: intent.relationshipId! },
      { dryRun: false, horizonMonths: 3, durationMinutes: MINUTES },
    );
    if (report.failures.length > 0)
      throw new Error(
        `booking the demo's sessions failed: ${report.failures.map((f) => f.message).join('; ')}`,
      );
  }
  await leaveActions(db, today);
}

/** One session, as a series of one occurrence at the time nearest the one wanted when both are free. */
async function intentFor(
  db: Database,
  calendar: CalendarPort,
  wanted: Wanted,
): Promise<SeriesIntent> {
  const [r] = await db.query<{
    id: string;
    type: string;
    supervisorUpn: string;
    supervisorName: string;
    superviseeUpn: string;
    superviseeName: string;
    venue: Venue;
  }>(
    `SELECT r.id, r.types[1] AS type, r.venue, sup.upn AS "supervisorUpn", sup.name AS "supervisorName", p.upn AS "superviseeUpn", p.name AS "superviseeName"
       FROM relationships r JOIN people p ON p.id = r.supervisee_id JOIN people sup ON sup.id = r.supervisor_id
      WHERE lower(p.upn) = $1 AND r.to_on IS NULL`,
    [wanted.supervisee],
  );
  if (!r)
    throw new InputError(`the demo roster has no current supervisor for ${wanted.supervisee}`);
  const [answers] = await calendar.availability([
    {
      mailboxes: [r.supervisorUpn, r.superviseeUpn],
      from: `${wanted.earliest}T00:00:00`,
      to: `${wanted.latest}T23:59:59`,
    },
  ]);
  const [supervisor, supervisee] = (answers ?? []).map(toAvailability);
  const slot =
    supervisor &&
    supervisee &&
    proposeSlot({
      wanted: { date: wanted.date, time: wanted.time },
      earliest: wanted.earliest,
      latest: wanted.latest,
      durationMinutes: MINUTES,
      supervisor,
      supervisee,
    });
  if (!slot)
    throw new InputError(
      `no time in Outlook when ${r.supervisorName} and ${r.superviseeName} are both free between ${wanted.earliest} and ${wanted.latest} for the demo`,
    );
  const start = londonDateTime(slot.start);
  const date = start.slice(0, 10) as IsoDate;
  const shape = {
    relationshipId: Number(r.id),
    groupId: null,
    type: r.type,
    alsoTypes: [],
    seriesKey: `rel-${r.id}/${r.type}/${date}/demo`,
    everyWeeks: 1,
    weekday: isoWeekday(date),
    startTime: start.slice(11, 16),
    durationMinutes: MINUTES,
    firstOn: date,
    lastOn: date,
  };
  return {
    ...shape,
    createRequest: seriesRequestFor({ ...r, relationshipId: Number(r.id) }, shape),
    sessions: [
      {
        regularOn: date,
        startsAt: slot.start,
        endsAt: slot.end,
        dueOn: date,
        moveReason: null,
        unplaceable: false,
      },
    ],
  };
}

/** Two actions from the ASYE's last held session, for the preparation card's toggles. */
async function leaveActions(db: Database, today: IsoDate): Promise<void> {
  const [held] = await db.query<{ id: string; supervisee: string; supervisor: string }>(
    `SELECT s.id, r.supervisee_id AS supervisee, r.supervisor_id AS supervisor FROM sessions s
       JOIN relationships r ON r.id = s.relationship_id JOIN people p ON p.id = r.supervisee_id
      WHERE lower(p.upn) = 'n.patel@northdale.example' AND s.status = 'held' ORDER BY s.starts_at DESC LIMIT 1`,
  );
  if (held) {
    await db.query(
      `INSERT INTO actions (session_id, text, owner_id, due_on) VALUES ($1, 'Read the updated threshold guidance', $2, $4), ($1, 'Book a place on the court skills course', $3, $4)`,
      [held.id, held.supervisee, held.supervisor, addWorkingDays(today, 5)],
    );
  }
}
