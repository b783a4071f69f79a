export {
  type CalendarSpec,
  isHoliday,
  isOpenAt,
  isValidTimeZone,
  minutesOfDay,
  weeklyHoursProblems,
} from './opening-hours.js';
export { loadCalendarSpecs } from './repository.js';
