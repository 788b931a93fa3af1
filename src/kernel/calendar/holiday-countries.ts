// Written by `npm run holidays` from date-holidays 3.37.0 (public holidays only): do not edit.
export const HOLIDAY_COUNTRIES: readonly string[] = ['JP', 'US'];
