import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../platform/auth/context.js';
import type { AppContext } from '../../platform/context.js';
import { withActor } from '../../platform/db/transaction.js';
import { createOnce } from '../../platform/http/idempotency.js';
import {
  assignment,
  assignmentView,
  calendarCreate,
  calendarDetail,
  calendarUpdate,
  calendarView,
  holidayCreate,
  holidayParams,
  holidayView,
  icalImport,
  icalImported,
  idParams,
} from './schemas.js';
import * as calendars from './service.js';

export const calendarRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  const { db } = ctx.database;
  const tags = ['calendars'];

  app.get(
    '/calendars',
    {
      schema: {
        tags,
        summary: 'Business calendars you can see',
        response: { 200: z.object({ items: z.array(calendarView) }) },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'vendors:read');
      return { items: await withActor(db, actor, (tx) => calendars.listCalendars(tx)) };
    },
  );
  app.get(
    '/calendars/:id',
    {
      schema: {
        tags,
        summary: 'A calendar with its holidays',
        params: idParams,
        response: { 200: calendarDetail },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'vendors:read');
      return withActor(db, actor, (tx) => calendars.getCalendarDetail(tx, request.params.id));
    },
  );
  app.post(
    '/calendars',
    {
      schema: {
        tags,
        summary: 'Create a business calendar',
        body: calendarCreate,
        response: { 201: calendarView },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request, 'calendars:manage');
      return createOnce(db, request, reply, actor, (tx) => calendars.createCalendar(tx, actor, request.body));
    },
  );
  app.patch(
    '/calendars/:id',
    {
      schema: {
        tags,
        summary: 'Change a calendar’s name, zone or weekly hours (open tickets are re-timed)',
        params: idParams,
        body: calendarUpdate,
        response: { 200: calendarView },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'calendars:manage');
      return withActor(db, actor, (tx) =>
        calendars.updateCalendar(tx, actor, request.params.id, request.body),
      );
    },
  );
  app.delete(
    '/calendars/:id',
    {
      schema: {
        tags,
        summary: 'Delete a calendar no one works by',
        params: idParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request, 'calendars:manage');
      await withActor(db, actor, (tx) => calendars.deleteCalendar(tx, actor, request.params.id));
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/calendars/:id/holidays',
    {
      schema: {
        tags,
        summary: 'A calendar’s holidays',
        params: idParams,
        response: { 200: z.object({ items: z.array(holidayView) }) },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'vendors:read');
      return { items: await withActor(db, actor, (tx) => calendars.listHolidays(tx, request.params.id)) };
    },
  );
  app.post(
    '/calendars/:id/holidays',
    {
      schema: {
        tags,
        summary: 'Add a holiday (one-off or yearly)',
        params: idParams,
        body: holidayCreate,
        response: { 201: holidayView },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request, 'calendars:manage');
      return createOnce(db, request, reply, actor, (tx) =>
        calendars.addHoliday(tx, actor, request.params.id, request.body),
      );
    },
  );
  app.delete(
    '/calendars/:id/holidays/:holidayId',
    { schema: { tags, summary: 'Remove a holiday', params: holidayParams, response: { 204: z.null() } } },
    async (request, reply) => {
      const actor = requireActor(request, 'calendars:manage');
      await withActor(db, actor, (tx) =>
        calendars.removeHoliday(tx, actor, request.params.id, request.params.holidayId),
      );
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/calendars/:id/holidays/import',
    {
      schema: {
        tags,
        summary: 'Import holidays from an iCalendar (.ics) file: all-day events, yearly repeats kept yearly',
        params: idParams,
        body: icalImport,
        response: { 200: icalImported },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'calendars:manage');
      return withActor(db, actor, (tx) =>
        calendars.importIcal(tx, actor, request.params.id, request.body.ics),
      );
    },
  );
  app.put(
    '/calendar-assignments',
    {
      schema: {
        tags,
        summary:
          'Attach a calendar to the brand, a vendor or a site (null detaches); a site’s wins over its vendor’s, a vendor’s over the brand’s',
        body: assignment,
        response: { 200: assignmentView },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'calendars:manage');
      return withActor(db, actor, (tx) => calendars.assignCalendar(tx, actor, request.body));
    },
  );
};
