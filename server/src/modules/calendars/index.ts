export { addBusinessMillis, addBusinessMillisAt, businessMillisBetween } from './business-time.js';
export {
  type CalendarSpec,
  isHoliday,
  isOpenAt,
  isValidTimeZone,
  minutesOfDay,
  weeklyHoursProblems,
} from './opening-hours.js';
export { loadCalendarSpecs } from './repository.js';
export { calendarRoutes } from './routes.js';
